/* slipway-virt-guest.c: how the host runs a node of each architecture
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "slipway-error.h"
#include "slipway-virt-private.h"
#include "slipway-xml-private.h"

/* Worker threads only. Everything here follows from libvirt's capabilities
 * (which architectures, with which domain types) and, for an emulated ARM
 * node, its domain capabilities (machine, CPU models, firmware). */

/* Emulated CPU models for aarch64 nodes, best first: all run Debian's
 * arm64 kernel; "max" (every feature TCG has) only where no named model is
 * there. */
static const char * const aarch64_cpu_models[] = { "cortex-a72", "cortex-a57", "max" };

void
_slipway_virt_guest_kind_free (GuestKind *kind)
{
  if (kind == NULL)
    return;

  g_free (kind->virt_type);
  g_free (kind->arch);
  g_free (kind->machine);
  g_free (kind->cpu_model);
  g_free (kind);
}

static char *
read_capabilities (virConnectPtr   conn,
                   GError        **error)
{
  char *raw = virConnectGetCapabilities (conn);
  char *caps;

  if (raw == NULL)
    {
      _slipway_set_virt_error (error, _("Could not read the hypervisor’s capabilities"));
      return NULL;
    }
  caps = g_strdup (raw);
  free (raw);

  return caps;
}

static GStrv
arch_domain_types (const char *caps,
                   SlipwayArch arch)
{
  g_autofree char *expr = g_strdup_printf ("/capabilities/guest[os_type='hvm']/arch[@name='%s']/domain/@type",
                                           slipway_arch_to_string (arch));

  return _slipway_xpath_strings (caps, expr);
}

/* The host's own architecture: the one its CPU is, when libvirt runs
 * guests of it; else the first it offers (x86_64 first). */
static SlipwayArch
host_arch_from_caps (const char *caps)
{
  g_autofree char *cpu = _slipway_xpath_string (caps, "string(/capabilities/host/cpu/arch)");
  SlipwayArch arch;

  if (cpu != NULL && slipway_arch_from_string (cpu, &arch) && arch != SLIPWAY_ARCH_DEFAULT)
    {
      g_auto(GStrv) types = arch_domain_types (caps, arch);

      if (types != NULL && types[0] != NULL)
        return arch;
    }

  for (arch = SLIPWAY_ARCH_X86_64; arch < SLIPWAY_N_ARCHES; arch++)
    {
      g_auto(GStrv) types = arch_domain_types (caps, arch);

      if (types != NULL && types[0] != NULL)
        return arch;
    }

  return SLIPWAY_ARCH_DEFAULT;
}

/**
 * _slipway_virt_host_arches:
 * @conn: an open connection
 * @offered: (out caller-allocates) (array fixed-size=SLIPWAY_N_ARCHES):
 *   %TRUE for each architecture the host runs guests of
 * @error: where a failure to read the capabilities goes
 *
 * Returns: the host's own architecture, %SLIPWAY_ARCH_DEFAULT on error
 */
SlipwayArch
_slipway_virt_host_arches (virConnectPtr   conn,
                           gboolean       *offered,
                           GError        **error)
{
  g_autofree char *caps = read_capabilities (conn, error);

  for (SlipwayArch arch = SLIPWAY_ARCH_DEFAULT; arch < SLIPWAY_N_ARCHES; arch++)
    offered[arch] = FALSE;
  if (caps == NULL)
    return SLIPWAY_ARCH_DEFAULT;

  for (SlipwayArch arch = SLIPWAY_ARCH_X86_64; arch < SLIPWAY_N_ARCHES; arch++)
    {
      g_auto(GStrv) types = arch_domain_types (caps, arch);

      offered[arch] = types != NULL && types[0] != NULL;
    }

  return host_arch_from_caps (caps);
}

static char *
choose_type (const char          *caps,
             SlipwayArch          arch,
             SlipwayArch          host_arch,
             SlipwayAccelerator   accel,
             GError             **error)
{
  g_auto(GStrv) types = arch_domain_types (caps, arch);
  const char *name = slipway_arch_to_string (arch);
  gboolean has_kvm, has_qemu;

  if (types == NULL || types[0] == NULL)
    {
      if (arch == SLIPWAY_ARCH_AARCH64)
        g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
                     /* Translators: “arch” is a key of the cluster file */
                     _("This host cannot run aarch64 (ARM 64-bit) virtual machines: libvirt offers "
                       "no emulator for them. Install QEMU for ARM on the host (on Debian the "
                       "packages qemu-system-arm and qemu-efi-aarch64), or set “arch” to "
                       "“x86_64”."));
      else
        g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
                     /* Translators: %s is an architecture, “x86_64” */
                     _("This host cannot run %s virtual machines: libvirt offers no emulator for "
                       "them. Install QEMU for the libvirt daemon."),
                     name);
      return NULL;
    }

  /* libvirt's test driver simulates every accelerator. */
  if (g_strv_contains ((const char * const *)types, "test"))
    return g_strdup ("test");

  has_kvm = g_strv_contains ((const char * const *)types, "kvm");
  has_qemu = g_strv_contains ((const char * const *)types, "qemu");
  if (accel == SLIPWAY_ACCELERATOR_KVM && has_kvm)
    return g_strdup ("kvm");
  if (accel == SLIPWAY_ACCELERATOR_TCG && has_qemu)
    return g_strdup ("qemu");
  if (accel == SLIPWAY_ACCELERATOR_AUTO && (has_kvm || has_qemu))
    return g_strdup (has_kvm ? "kvm" : "qemu");

  if (accel == SLIPWAY_ACCELERATOR_KVM && arch != host_arch)
    g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC,
                 /* Translators: the first %s is an architecture, “aarch64”, the second the
                  * host's, “x86_64” */
                 _("KVM cannot run %s nodes on this %s host: they can only be emulated. Set "
                   "“accelerator” to “tcg” or “auto” in the cluster file."),
                 name, slipway_arch_to_string (host_arch));
  else
    g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC,
                 accel == SLIPWAY_ACCELERATOR_KVM
                 ? _("KVM is not available on this host. Set “accelerator” to “tcg” or “auto” in the cluster file.")
                 : _("This host cannot emulate virtual machines with QEMU. Install QEMU for the libvirt daemon."));
  return NULL;
}

/* For an aarch64 node: machine "virt", UEFI chosen by libvirt's firmware
 * autoselection, and with TCG an emulated CPU model the domain
 * capabilities list as usable. */
static gboolean
fill_aarch64 (virConnectPtr   conn,
              GuestKind      *kind,
              GError        **error)
{
  g_autofree char *caps = NULL;
  g_auto(GStrv) firmware = NULL;
  g_auto(GStrv) models = NULL;
  char *raw;

  kind->machine = g_strdup ("virt");
  kind->efi = TRUE;
  if (g_str_equal (kind->virt_type, "test"))
    return TRUE;

  raw = virConnectGetDomainCapabilities (conn, NULL, kind->arch, kind->machine, kind->virt_type, 0);
  if (raw == NULL)
    {
      _slipway_set_virt_error (error, _("Could not read what the hypervisor offers for aarch64 virtual machines"));
      return FALSE;
    }
  caps = g_strdup (raw);
  free (raw);

  firmware = _slipway_xpath_strings (caps, "/domainCapabilities/os[@supported='yes']/enum[@name='firmware']/value");
  if (firmware == NULL || !g_strv_contains ((const char * const *)firmware, "efi"))
    {
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
                   _("This host has no UEFI firmware for aarch64 virtual machines, which they need "
                     "to boot. Install it on the host (on Debian the package qemu-efi-aarch64) "
                     "and restart the libvirt daemon."));
      return FALSE;
    }

  if (g_str_equal (kind->virt_type, "kvm"))
    return TRUE;

  models = _slipway_xpath_strings (caps, "/domainCapabilities/cpu/mode[@name='custom'][@supported='yes']"
                                         "/model[not(@usable='no')]");
  for (guint i = 0; i < G_N_ELEMENTS (aarch64_cpu_models) && kind->cpu_model == NULL; i++)
    {
      if (models != NULL && g_strv_contains ((const char * const *)models, aarch64_cpu_models[i]))
        kind->cpu_model = g_strdup (aarch64_cpu_models[i]);
    }
  if (kind->cpu_model == NULL)
    {
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
                   _("QEMU on this host emulates none of the ARM CPU models Slipway uses "
                     "(Cortex-A72, Cortex-A57). Install a newer QEMU for ARM on the host."));
      return FALSE;
    }

  return TRUE;
}

/**
 * _slipway_virt_plan_guests:
 * @conn: an open connection
 * @plan: a plan whose spec and topology are set
 * @error: why a node cannot run here
 *
 * Fills @plan's host architecture and one #GuestKind for each
 * architecture its nodes have.
 *
 * Returns: %TRUE when the host can run every node of @plan
 */
gboolean
_slipway_virt_plan_guests (virConnectPtr   conn,
                           ClusterPlan    *plan,
                           GError        **error)
{
  g_autofree char *caps = read_capabilities (conn, error);

  if (caps == NULL)
    return FALSE;

  plan->host_arch = host_arch_from_caps (caps);
  if (plan->host_arch == SLIPWAY_ARCH_DEFAULT)
    {
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
                   _("The hypervisor offers no x86_64 or aarch64 virtual machines. Install QEMU for the libvirt daemon."));
      return FALSE;
    }

  for (guint i = 0; i < plan->topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (plan->topology->nodes, i);
      SlipwayArch arch = node->arch != SLIPWAY_ARCH_DEFAULT ? node->arch : plan->host_arch;
      g_autoptr(GuestKind) kind = NULL;

      if (plan->guests[arch] != NULL)
        continue;

      kind = g_new0 (GuestKind, 1);
      kind->arch = g_strdup (slipway_arch_to_string (arch));
      kind->virt_type = choose_type (caps, arch, plan->host_arch, plan->spec->accelerator, error);
      if (kind->virt_type == NULL)
        return FALSE;
      if (arch == SLIPWAY_ARCH_AARCH64 && !fill_aarch64 (conn, kind, error))
        return FALSE;

      plan->guests[arch] = g_steal_pointer (&kind);
    }

  return TRUE;
}

/* The kind of @node's machine; _slipway_virt_plan_guests() made it. */
const GuestKind *
_slipway_virt_plan_guest (const ClusterPlan     *plan,
                          const SlipwayNodeInfo *node)
{
  SlipwayArch arch = node->arch != SLIPWAY_ARCH_DEFAULT ? node->arch : plan->host_arch;

  g_return_val_if_fail (plan->guests[arch] != NULL, NULL);

  return plan->guests[arch];
}
