/* slipway-xml.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <limits.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "slipway-ipv4.h"
#include "slipway-topology.h"
#include "slipway-types.h"
#include "slipway-virt-private.h"
#include "slipway-xml-private.h"


static gboolean
is_xml_char (gunichar c)
{
  /* XML 1.0, production [2] Char: not even &#x1; may name anything else. */
  return c == 0x9 || c == 0xA || c == 0xD ||
         (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0x10FFFF);
}

/* Escapes @text for element content so that it reads back byte for byte:
 * a bare carriage return would be normalised to a line feed by every XML
 * parser, so it goes out as a character reference. Characters XML cannot
 * carry at all (C0 controls other than tab and newlines) become U+FFFD.
 */
static void
append_escaped_text (GString    *out,
                     const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '&':
          g_string_append (out, "&amp;");
          break;

        case '<':
          g_string_append (out, "&lt;");
          break;

        case '>':
          g_string_append (out, "&gt;");
          break;

        case '\r':
          g_string_append (out, "&#13;");
          break;

        default:
          if (is_xml_char (c))
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
          else
            g_string_append_unichar (out, 0xFFFD);
          break;
        }
    }
}

static void G_GNUC_PRINTF (2, 3)
append_markup (GString    *out,
               const char *format,
               ...)
{
  g_autofree char *escaped = NULL;
  va_list args;

  va_start (args, format);
  escaped = g_markup_vprintf_escaped (format, args);
  va_end (args);

  g_string_append (out, escaped);
}

/* One <host> of the network's DNS: an address and its names. */
typedef struct
{
  const char *ip;       /* borrowed from the topology */
  GPtrArray  *names;    /* char *, owned */
} DnsHost;

static void
dns_host_free (DnsHost *host)
{
  g_ptr_array_unref (host->names);
  g_free (host);
}

/* Adds @name (and @fqdn when not %NULL) to the host entry for @ip, making
 * one if needed: libvirt wants every address once, and the Kubernetes API
 * address is usually a node's own.
 */
static void
dns_hosts_add (GPtrArray  *hosts,
               const char *ip,
               const char *name,
               const char *fqdn)
{
  DnsHost *host = NULL;

  for (guint i = 0; i < hosts->len; i++)
    {
      DnsHost *candidate = g_ptr_array_index (hosts, i);

      if (g_strcmp0 (candidate->ip, ip) == 0)
        {
          host = candidate;
          break;
        }
    }

  if (host == NULL)
    {
      host = g_new0 (DnsHost, 1);
      host->ip = ip;
      host->names = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (hosts, host);
    }

  g_ptr_array_add (host->names, g_strdup (name));
  if (fqdn != NULL)
    g_ptr_array_add (host->names, g_strdup (fqdn));
}

/**
 * slipway_xml_network:
 * @topology: the cluster's derived topology
 * @mode: NAT or isolated
 * @spec_data: (nullable): the cluster file's text, kept in the network's
 *   metadata so that the cluster can be found again from libvirt alone
 *
 * Writes the libvirt `<network>` of a cluster. libvirt-gconfig has no
 * builder for networks, so this is text, with every string from the
 * topology or the spec escaped. The bridge name is left to libvirt.
 *
 * Characters that XML 1.0 cannot represent at all (C0 controls other than
 * tab, CR and LF) are replaced by U+FFFD in @spec_data; carriage returns
 * are kept.
 *
 * Returns: (transfer full): the XML document
 */
char *
slipway_xml_network (const SlipwayTopology *topology,
                     SlipwayNetworkMode     mode,
                     const char            *spec_data)
{
  g_autoptr(GString) xml = NULL;
  g_autoptr(GPtrArray) hosts = NULL;
  g_autofree char *vmhost_fqdn = NULL;
  g_autofree char *api_fqdn = NULL;

  g_return_val_if_fail (topology != NULL, NULL);
  g_return_val_if_fail (topology->cluster != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (topology->cluster, -1, NULL), NULL);
  g_return_val_if_fail (topology->network_name != NULL, NULL);
  g_return_val_if_fail (topology->domain != NULL, NULL);
  g_return_val_if_fail (topology->host_ipv4 != NULL, NULL);
  g_return_val_if_fail (topology->netmask != NULL, NULL);
  g_return_val_if_fail (topology->nodes != NULL, NULL);
  g_return_val_if_fail (mode == SLIPWAY_NETWORK_NAT || mode == SLIPWAY_NETWORK_ISOLATED, NULL);
  g_return_val_if_fail (spec_data == NULL || g_utf8_validate (spec_data, -1, NULL), NULL);

  xml = g_string_new ("<network>\n");

  append_markup (xml, "  <name>%s</name>\n", topology->network_name);

  append_markup (xml,
                 "  <metadata>\n"
                 "    <" SLIPWAY_XML_NS_PREFIX ":cluster"
                 " xmlns:" SLIPWAY_XML_NS_PREFIX "=\"%s\" name=\"%s\" version=\"%s\">\n"
                 "      <" SLIPWAY_XML_NS_PREFIX ":spec>",
                 SLIPWAY_XML_NS, topology->cluster, SLIPWAY_XML_METADATA_VERSION);
  append_escaped_text (xml, spec_data != NULL ? spec_data : "");
  g_string_append (xml,
                   "</" SLIPWAY_XML_NS_PREFIX ":spec>\n"
                   "    </" SLIPWAY_XML_NS_PREFIX ":cluster>\n"
                   "  </metadata>\n");

  /* Isolated means no <forward> at all: guests reach only each other and
   * the host's address on the bridge.
   */
  if (mode == SLIPWAY_NETWORK_NAT)
    g_string_append (xml, "  <forward mode='nat'/>\n");

  /* No spanning tree: one bridge has no loop to break, and with STP on the
   * kernel holds every new port (at least 2 s listening, 2 s learning, a
   * "delay" of 0 notwithstanding). A restored checkpoint plugs a new tap
   * in, and its SSH answered 4 s late. */
  g_string_append (xml, "  <bridge stp='off' delay='0'/>\n");
  append_markup (xml, "  <domain name='%s' localOnly='yes'/>\n", topology->domain);

  hosts = g_ptr_array_new_with_free_func ((GDestroyNotify)dns_host_free);
  vmhost_fqdn = g_strconcat ("vmhost.", topology->domain, NULL);
  dns_hosts_add (hosts, topology->host_ipv4, "vmhost", vmhost_fqdn);
  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);

      g_return_val_if_fail (node->name != NULL && node->ipv4 != NULL && node->mac != NULL, NULL);
      dns_hosts_add (hosts, node->ipv4, node->name, node->fqdn);
    }
  if (topology->api_ipv4 != NULL)
    {
      api_fqdn = g_strconcat ("kubernetes.", topology->domain, NULL);
      dns_hosts_add (hosts, topology->api_ipv4, "kubernetes", api_fqdn);
    }

  g_string_append (xml, "  <dns>\n");
  for (guint i = 0; i < hosts->len; i++)
    {
      const DnsHost *host = g_ptr_array_index (hosts, i);

      append_markup (xml, "    <host ip='%s'>\n", host->ip);
      for (guint j = 0; j < host->names->len; j++)
        append_markup (xml, "      <hostname>%s</hostname>\n",
                       (const char *)g_ptr_array_index (host->names, j));
      g_string_append (xml, "    </host>\n");
    }
  g_string_append (xml, "  </dns>\n");

  append_markup (xml, "  <ip address='%s' netmask='%s'>\n",
                 topology->host_ipv4, topology->netmask);
  g_string_append (xml, "    <dhcp>\n");
  if (topology->dhcp_start != NULL && topology->dhcp_end != NULL)
    append_markup (xml, "      <range start='%s' end='%s'/>\n",
                   topology->dhcp_start, topology->dhcp_end);
  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);

      append_markup (xml, "      <host mac='%s' ip='%s' name='%s'/>\n",
                     node->mac, node->ipv4, node->name);
    }
  g_string_append (xml,
                   "    </dhcp>\n"
                   "  </ip>\n"
                   "</network>\n");

  return g_string_free (g_steal_pointer (&xml), FALSE);
}

static gboolean
virt_type_from_string (const char               *str,
                       GVirConfigDomainVirtType *virt_type)
{
  GEnumClass *klass;
  GEnumValue *value;

  klass = g_type_class_ref (GVIR_CONFIG_TYPE_DOMAIN_VIRT_TYPE);
  value = g_enum_get_value_by_nick (klass, str);
  if (value != NULL)
    *virt_type = value->value;
  g_type_class_unref (klass);

  return value != NULL;
}

static char *
dup_domain_description (const SlipwayTopology *topology,
                        const SlipwayNodeInfo *node)
{
  g_autofree char *what = NULL;
  g_autofree char *address = NULL;
  g_autofree char *mac = NULL;

  switch (node->role)
    {
    case SLIPWAY_ROLE_GATEWAY:
      /* Translators: shown in virt-manager; the first %s is a node name,
       * the second a cluster name */
      what = g_strdup_printf (_("Gateway “%s” of the Slipway cluster “%s”: "
                                "the load balancer for the Kubernetes API."),
                              node->name, topology->cluster);
      break;

    case SLIPWAY_ROLE_CONTROL:
      /* Translators: shown in virt-manager; the first %s is a node name,
       * the second a cluster name */
      what = g_strdup_printf (_("Control plane node “%s” of the Slipway cluster “%s”."),
                              node->name, topology->cluster);
      break;

    case SLIPWAY_ROLE_WORKER:
      /* Translators: shown in virt-manager; the first %s is a node name,
       * the second a cluster name */
      what = g_strdup_printf (_("Worker node “%s” of the Slipway cluster “%s”."),
                              node->name, topology->cluster);
      break;

    default:
      g_assert_not_reached ();
    }

  /* Translators: shown in virt-manager; an IPv4 address, then a host name */
  address = g_strdup_printf (_("Address: %s (%s)"), node->ipv4, node->fqdn);
  /* Translators: shown in virt-manager; %s is a MAC address */
  mac = g_strdup_printf (_("MAC address: %s"), node->mac);

  return g_strjoin ("\n",
                    what,
                    address,
                    mac,
                    _("Managed by Slipway: change the cluster in Slipway, not here."),
                    NULL);
}

/* The serial port; with @log, libvirt (virtlogd) also writes what the
 * guest prints there to @log, anew at each start, so a console opened
 * after the boot can show it. libvirt-gconfig 4.0 has no <log> builder. */
static GVirConfigDomainSerial *
serial_new (const char *log)
{
  g_autofree char *xml = NULL;
  g_autoptr(GError) error = NULL;
  GVirConfigDomainSerial *serial;

  if (log == NULL)
    return gvir_config_domain_serial_new ();

  xml = g_markup_printf_escaped ("<serial><log file='%s' append='off'/></serial>", log);
  serial = GVIR_CONFIG_DOMAIN_SERIAL (gvir_config_object_new_from_xml (GVIR_CONFIG_TYPE_DOMAIN_SERIAL,
                                                                       "serial", NULL, xml, &error));
  if (serial == NULL)
    g_critical ("Cannot build the serial port: %s", error->message);

  return serial;
}

/* The translation cache of a TCG guest, in MiB. QEMU's default is 1 GiB
 * (an eighth of the host's memory at most), and QEMU fills it before it
 * flushes it: measured here, a 1 GiB Debian node's QEMU held 811 MiB of
 * translated code four minutes into its first boot and 2.2 GiB resident in
 * all once ready, twice the guest's memory. A flush of this smaller cache
 * costs the guest the time to translate its hot code again; two nodes
 * booted no slower with it (docs/benchmarks.md, Reset) and held 0.9 GiB
 * instead of 2.3 GiB once they answered SSH. */
#define TCG_TB_CACHE_MIB 128

/* A domain whose <features> are those of a machine of @arch: ACPI and, on
 * x86, the APIC (ARM has none; ACPI comes with the UEFI firmware), and for
 * @virt_type "qemu" (TCG) a bounded translation cache. libvirt-gconfig 4.0
 * builds <features> of empty elements only, so the element comes as XML. */
static GVirConfigDomain *
domain_new_with_features (GVirConfigDomainVirtType virt_type,
                          gboolean                 aarch64)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tcg = NULL;
  g_autofree char *xml = NULL;
  GVirConfigDomain *domain;

  if (virt_type == GVIR_CONFIG_DOMAIN_VIRT_QEMU)
    tcg = g_strdup_printf ("<tcg><tb-cache unit='MiB'>%d</tb-cache></tcg>", TCG_TB_CACHE_MIB);
  xml = g_strdup_printf ("<domain><features><acpi/>%s%s</features></domain>",
                         aarch64 ? "" : "<apic/>", tcg != NULL ? tcg : "");
  domain = gvir_config_domain_new_from_xml (xml, &error);
  if (domain == NULL)
    g_critical ("Cannot build the domain's features: %s", error->message);

  return domain;
}

/* The overlay's driver: qcow2, and blocks the guest frees go back to the
 * host, so overlays stay small. With @io_uring its reads and writes go
 * through Linux's io_uring instead of QEMU's pool of I/O threads: a
 * checkpoint's memory is read back in some 9000 pieces of 32 KiB, and the
 * thread pool's hand-over of each costs a restored 1 GiB node 0.3 s of
 * CPU (1.2 against 0.9 s, measured here). libvirt-gconfig 4.0 knows no
 * io_uring, so that driver comes as XML. */
static GVirConfigDomainDiskDriver *
overlay_driver_new (gboolean io_uring)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = g_strdup_printf ("<driver name='qemu' type='qcow2' discard='unmap'%s/>",
                                          io_uring ? " io='io_uring'" : "");
  GVirConfigDomainDiskDriver *driver = gvir_config_domain_disk_driver_new_from_xml (xml, &error);

  if (driver == NULL)
    g_critical ("Cannot build the disk driver: %s", error->message);

  return driver;
}

/**
 * slipway_xml_domain:
 * @topology: the cluster's derived topology
 * @node: the node, one of @topology's
 * @params: what the host decided: virtualisation type, architecture,
 *   machine, and the paths of the node's two volumes
 *
 * Builds the libvirt domain of a node with libvirt-gconfig: a headless
 * machine (no graphics, no video) with its qcow2 overlay as virtio disk
 * vda, the NoCloud seed as read-only raw virtio disk vdb (the cloud kernel
 * has no AHCI, so no cdrom), a virtio NIC on the cluster's network, a pty
 * serial port that is also the console (logged to a file when
 * @params says where), a virtio balloon, a virtio RNG
 * fed from /dev/urandom and the virtio channel of the QEMU guest agent. Slipway's metadata names the cluster, role and id.
 *
 * `host-passthrough` is set for "kvm" only: TCG cannot pass the host CPU
 * through, so "qemu" keeps the hypervisor's default model, and gets a
 * translation cache of 128 MiB instead of QEMU's 1 GiB. The overlay goes
 * through io_uring where @params asks for it.
 *
 * Returns: (transfer full): the domain configuration
 */
GVirConfigDomain *
slipway_xml_domain (const SlipwayTopology     *topology,
                    const SlipwayNodeInfo     *node,
                    const SlipwayDomainParams *params)
{
  g_autoptr(GVirConfigDomain) domain = NULL;
  g_autoptr(GVirConfigDomainOs) os = NULL;
  g_autoptr(GVirConfigDomainDisk) overlay = NULL;
  g_autoptr(GVirConfigDomainDiskDriver) overlay_driver = NULL;
  g_autoptr(GVirConfigDomainDisk) seed = NULL;
  g_autoptr(GVirConfigDomainDiskDriver) seed_driver = NULL;
  g_autoptr(GVirConfigDomainInterfaceNetwork) nic = NULL;
  g_autoptr(GVirConfigDomainSerial) serial = NULL;
  g_autoptr(GVirConfigDomainChardevSourcePty) serial_pty = NULL;
  g_autoptr(GVirConfigDomainConsole) console = NULL;
  g_autoptr(GVirConfigDomainChardevSourcePty) console_pty = NULL;
  g_autoptr(GVirConfigDomainMemballoon) balloon = NULL;
  g_autoptr(GVirConfigObject) rng = NULL;
  g_autoptr(GVirConfigObject) agent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *metadata = NULL;
  GVirConfigDomainVirtType virt_type;
  GList *boot_devices = NULL;

  g_return_val_if_fail (topology != NULL, NULL);
  g_return_val_if_fail (topology->cluster != NULL, NULL);
  g_return_val_if_fail (topology->network_name != NULL, NULL);
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail ((guint)node->role < SLIPWAY_N_ROLES, NULL);
  g_return_val_if_fail (node->name != NULL, NULL);
  g_return_val_if_fail (node->domain_name != NULL, NULL);
  g_return_val_if_fail (node->mac != NULL, NULL);
  g_return_val_if_fail (node->ipv4 != NULL, NULL);
  g_return_val_if_fail (node->fqdn != NULL, NULL);
  g_return_val_if_fail (node->vcpus > 0, NULL);
  g_return_val_if_fail (node->memory_bytes >= 1024, NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (params->virt_type != NULL, NULL);
  g_return_val_if_fail (params->arch != NULL, NULL);
  g_return_val_if_fail (params->overlay_path != NULL, NULL);
  g_return_val_if_fail (params->seed_path != NULL, NULL);

  /* Not inside g_return_val_if_fail(): G_DISABLE_CHECKS would skip it. */
  if (!virt_type_from_string (params->virt_type, &virt_type))
    {
      g_critical ("%s: unknown virtualisation type “%s”", G_STRFUNC, params->virt_type);
      return NULL;
    }

  domain = domain_new_with_features (virt_type, g_str_equal (params->arch, "aarch64"));
  if (domain == NULL)
    return NULL;
  gvir_config_domain_set_virt_type (domain, virt_type);
  gvir_config_domain_set_name (domain, node->domain_name);

  /* virt-manager lists the title and shows the description in Details. */
  title = g_strdup_printf ("Slipway: %s — %s", topology->cluster, node->name);
  gvir_config_domain_set_title (domain, title);
  description = dup_domain_description (topology, node);
  gvir_config_domain_set_description (domain, description);

  gvir_config_domain_set_memory (domain, node->memory_bytes / 1024);
  gvir_config_domain_set_vcpus (domain, node->vcpus);

  /* libvirt picks the firmware from its descriptors and gives the domain
   * its own NVRAM (VARS) file, which undefining with
   * VIR_DOMAIN_UNDEFINE_NVRAM removes. Not one with Secure Boot and
   * Microsoft's keys enrolled (Debian's arm64 descriptors rank it first):
   * it refuses every unsigned boot loader. libvirt-gconfig 4.0 has no
   * builder for <firmware>. */
  if (params->efi)
    os = GVIR_CONFIG_DOMAIN_OS (gvir_config_object_new_from_xml (GVIR_CONFIG_TYPE_DOMAIN_OS, "os", NULL,
                                                                 "<os firmware='efi'><firmware>"
                                                                 "<feature enabled='no' name='secure-boot'/>"
                                                                 "<feature enabled='no' name='enrolled-keys'/>"
                                                                 "</firmware></os>",
                                                                 &error));
  else
    os = gvir_config_domain_os_new ();
  if (os == NULL)
    {
      g_critical ("Cannot build the OS element: %s", error->message);
      return NULL;
    }
  gvir_config_domain_os_set_os_type (os, GVIR_CONFIG_DOMAIN_OS_TYPE_HVM);
  gvir_config_domain_os_set_arch (os, params->arch);
  if (params->machine != NULL)
    gvir_config_domain_os_set_machine (os, params->machine);
  boot_devices = g_list_append (boot_devices, GINT_TO_POINTER (GVIR_CONFIG_DOMAIN_OS_BOOT_DEVICE_HD));
  gvir_config_domain_os_set_boot_devices (os, boot_devices);
  g_list_free (boot_devices);
  gvir_config_domain_set_os (domain, os);

  if (virt_type == GVIR_CONFIG_DOMAIN_VIRT_KVM)
    {
      g_autoptr(GVirConfigDomainCpu) cpu = gvir_config_domain_cpu_new ();

      gvir_config_domain_cpu_set_mode (cpu, GVIR_CONFIG_DOMAIN_CPU_MODE_HOST_PASSTHROUGH);
      gvir_config_domain_set_cpu (domain, cpu);
    }
  else if (params->cpu_model != NULL)
    {
      g_autoptr(GVirConfigDomainCpu) cpu = gvir_config_domain_cpu_new ();
      g_autoptr(GVirConfigDomainCpuModel) model = gvir_config_domain_cpu_model_new ();

      gvir_config_domain_cpu_set_mode (cpu, GVIR_CONFIG_DOMAIN_CPU_MODE_CUSTOM);
      gvir_config_domain_cpu_set_match_policy (cpu, GVIR_CONFIG_DOMAIN_CPU_MATCH_POLICY_EXACT);
      gvir_config_capabilities_cpu_model_set_name (GVIR_CONFIG_CAPABILITIES_CPU_MODEL (model), params->cpu_model);
      gvir_config_domain_cpu_set_model (cpu, model);
      gvir_config_domain_set_cpu (domain, cpu);
    }

  gvir_config_domain_set_lifecycle (domain, GVIR_CONFIG_DOMAIN_LIFECYCLE_ON_POWEROFF,
                                    GVIR_CONFIG_DOMAIN_LIFECYCLE_DESTROY);
  gvir_config_domain_set_lifecycle (domain, GVIR_CONFIG_DOMAIN_LIFECYCLE_ON_REBOOT,
                                    GVIR_CONFIG_DOMAIN_LIFECYCLE_RESTART);
  gvir_config_domain_set_lifecycle (domain, GVIR_CONFIG_DOMAIN_LIFECYCLE_ON_CRASH,
                                    GVIR_CONFIG_DOMAIN_LIFECYCLE_DESTROY);

  overlay = gvir_config_domain_disk_new ();
  gvir_config_domain_disk_set_type (overlay, GVIR_CONFIG_DOMAIN_DISK_FILE);
  gvir_config_domain_disk_set_guest_device_type (overlay, GVIR_CONFIG_DOMAIN_DISK_GUEST_DEVICE_DISK);
  overlay_driver = overlay_driver_new (params->io_uring);
  if (overlay_driver == NULL)
    return NULL;
  gvir_config_domain_disk_set_driver (overlay, overlay_driver);
  gvir_config_domain_disk_set_source (overlay, params->overlay_path);
  gvir_config_domain_disk_set_target_bus (overlay, GVIR_CONFIG_DOMAIN_DISK_BUS_VIRTIO);
  gvir_config_domain_disk_set_target_dev (overlay, "vda");
  gvir_config_domain_add_device (domain, GVIR_CONFIG_DOMAIN_DEVICE (overlay));

  /* A virtio disk, not a cdrom: Debian's cloud kernel has no AHCI driver,
   * and without the seed cloud-init falls back to DataSourceNone.
   */
  seed = gvir_config_domain_disk_new ();
  gvir_config_domain_disk_set_type (seed, GVIR_CONFIG_DOMAIN_DISK_FILE);
  gvir_config_domain_disk_set_guest_device_type (seed, GVIR_CONFIG_DOMAIN_DISK_GUEST_DEVICE_DISK);
  seed_driver = gvir_config_domain_disk_driver_new ();
  gvir_config_domain_disk_driver_set_name (seed_driver, "qemu");
  gvir_config_domain_disk_driver_set_format (seed_driver, GVIR_CONFIG_DOMAIN_DISK_FORMAT_RAW);
  gvir_config_domain_disk_set_driver (seed, seed_driver);
  gvir_config_domain_disk_set_source (seed, params->seed_path);
  gvir_config_domain_disk_set_target_bus (seed, GVIR_CONFIG_DOMAIN_DISK_BUS_VIRTIO);
  gvir_config_domain_disk_set_target_dev (seed, "vdb");
  gvir_config_domain_disk_set_readonly (seed, TRUE);
  gvir_config_domain_add_device (domain, GVIR_CONFIG_DOMAIN_DEVICE (seed));

  nic = gvir_config_domain_interface_network_new ();
  gvir_config_domain_interface_network_set_source (nic, topology->network_name);
  gvir_config_domain_interface_set_mac (GVIR_CONFIG_DOMAIN_INTERFACE (nic), node->mac);
  gvir_config_domain_interface_set_model (GVIR_CONFIG_DOMAIN_INTERFACE (nic), "virtio");
  gvir_config_domain_add_device (domain, GVIR_CONFIG_DOMAIN_DEVICE (nic));

  /* The serial port is what the terminals show; the <console> of target
   * type serial is the same port, and is what virDomainOpenConsole (and
   * so gvir_domain_open_console with a NULL device name) opens.
   */
  serial = serial_new (params->console_log);
  if (serial == NULL)
    return NULL;
  serial_pty = gvir_config_domain_chardev_source_pty_new ();
  gvir_config_domain_chardev_set_source (GVIR_CONFIG_DOMAIN_CHARDEV (serial),
                                         GVIR_CONFIG_DOMAIN_CHARDEV_SOURCE (serial_pty));
  gvir_config_domain_add_device (domain, GVIR_CONFIG_DOMAIN_DEVICE (serial));

  console = gvir_config_domain_console_new ();
  console_pty = gvir_config_domain_chardev_source_pty_new ();
  gvir_config_domain_chardev_set_source (GVIR_CONFIG_DOMAIN_CHARDEV (console),
                                         GVIR_CONFIG_DOMAIN_CHARDEV_SOURCE (console_pty));
  gvir_config_domain_console_set_target_type (console, GVIR_CONFIG_DOMAIN_CONSOLE_TARGET_SERIAL);
  gvir_config_domain_add_device (domain, GVIR_CONFIG_DOMAIN_DEVICE (console));

  balloon = gvir_config_domain_memballoon_new ();
  gvir_config_domain_memballoon_set_model (balloon, GVIR_CONFIG_DOMAIN_MEMBALLOON_MODEL_VIRTIO);
  gvir_config_domain_add_device (domain, GVIR_CONFIG_DOMAIN_DEVICE (balloon));

  /* libvirt-gconfig 4.0 has no <rng> builder; a plain device object
   * carries the element. Guests otherwise wait for entropy (sshd, TLS)
   * during the first boot.
   */
  rng = gvir_config_object_new_from_xml (GVIR_CONFIG_TYPE_DOMAIN_DEVICE, "rng", NULL,
                                         "<rng model='virtio'>"
                                         "<backend model='random'>/dev/urandom</backend>"
                                         "</rng>",
                                         &error);
  if (rng == NULL)
    {
      g_critical ("Cannot build the RNG device: %s", error->message);
      return NULL;
    }
  gvir_config_domain_add_device (domain, GVIR_CONFIG_DOMAIN_DEVICE (rng));

  /* The QEMU guest agent's channel: after a checkpoint is restored, the
   * core sets the guest clock through it (virDomainSetTime). libvirt
   * picks the socket path. */
  agent = gvir_config_object_new_from_xml (GVIR_CONFIG_TYPE_DOMAIN_DEVICE, "channel", NULL,
                                           "<channel type='unix'>"
                                           "<target type='virtio' name='org.qemu.guest_agent.0'/>"
                                           "</channel>",
                                           &error);
  if (agent == NULL)
    {
      g_critical ("Cannot build the guest agent channel: %s", error->message);
      return NULL;
    }
  gvir_config_domain_add_device (domain, GVIR_CONFIG_DOMAIN_DEVICE (agent));

  metadata = g_markup_printf_escaped ("<node cluster=\"%s\" role=\"%s\" id=\"%u\"/>",
                                      topology->cluster, slipway_role_to_string (node->role), node->id);
  if (!gvir_config_domain_set_custom_xml (domain, metadata,
                                          SLIPWAY_XML_NS_PREFIX, SLIPWAY_XML_NS,
                                          &error))
    {
      g_critical ("Cannot set the metadata of %s: %s", node->domain_name, error->message);
      return NULL;
    }

  return g_steal_pointer (&domain);
}

/* libvirt reads <mode> as octal, but gvir_config_storage_permissions_set_mode()
 * in libvirt-gconfig 4.0 writes the number in decimal (0711 would come out
 * as "457", which libvirt reads as 0457). Write the element ourselves.
 */
static GVirConfigStoragePermissions *
permissions_new (guint mode)
{
  g_autoptr(GVirConfigStoragePermissions) perms = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;

  g_assert (mode <= 07777);

  xml = g_strdup_printf ("<permissions><mode>0%o</mode></permissions>", mode);
  perms = gvir_config_storage_permissions_new_from_xml (xml, &error);
  if (perms == NULL)
    g_critical ("Cannot build storage permissions: %s", error->message);

  return g_steal_pointer (&perms);
}

/**
 * slipway_xml_pool:
 * @name: the libvirt pool name
 * @path: the directory that holds the pool's volumes
 *
 * Builds a directory pool. The directory gets mode 0711: QEMU, running as
 * another user, may reach the volumes inside without listing them.
 *
 * Returns: (transfer full): the pool configuration
 */
GVirConfigStoragePool *
slipway_xml_pool (const char *name,
                  const char *path)
{
  g_autoptr(GVirConfigStoragePool) pool = NULL;
  g_autoptr(GVirConfigStoragePoolTarget) target = NULL;
  g_autoptr(GVirConfigStoragePermissions) perms = NULL;

  g_return_val_if_fail (name != NULL && *name != '\0', NULL);
  g_return_val_if_fail (path != NULL && g_path_is_absolute (path), NULL);

  pool = gvir_config_storage_pool_new ();
  gvir_config_storage_pool_set_pool_type (pool, GVIR_CONFIG_STORAGE_POOL_TYPE_DIR);
  gvir_config_storage_pool_set_name (pool, name);

  target = gvir_config_storage_pool_target_new ();
  gvir_config_storage_pool_target_set_path (target, path);
  perms = permissions_new (0711);
  gvir_config_storage_pool_target_set_permissions (target, perms);
  gvir_config_storage_pool_set_target (pool, target);

  return g_steal_pointer (&pool);
}

static gboolean
is_volume_format (const char *format)
{
  return g_strcmp0 (format, "raw") == 0 || g_strcmp0 (format, "qcow2") == 0;
}

static GVirConfigStorageVol *
volume_new (const char *name,
            guint64     capacity,
            const char *format)
{
  g_autoptr(GVirConfigStorageVol) vol = NULL;
  g_autoptr(GVirConfigStorageVolTarget) target = NULL;
  g_autoptr(GVirConfigStoragePermissions) perms = NULL;

  vol = gvir_config_storage_vol_new ();
  gvir_config_storage_vol_set_name (vol, name);
  gvir_config_storage_vol_set_capacity (vol, capacity);
  /* Without <allocation> libvirt takes the capacity, and writes every
   * byte of a raw volume before an upload overwrites them: keep it sparse.
   */
  gvir_config_storage_vol_set_allocation (vol, 0);

  target = gvir_config_storage_vol_target_new ();
  gvir_config_storage_vol_target_set_format (target, format);
  perms = permissions_new (0600);
  gvir_config_storage_vol_target_set_permissions (target, perms);
  gvir_config_storage_vol_set_target (vol, target);

  return g_steal_pointer (&vol);
}

/**
 * slipway_xml_volume:
 * @name: the volume name inside its pool
 * @capacity: the size the guest sees, in bytes; 0 for an empty raw file
 *   that an upload then fills (libvirt grows it to what was sent)
 * @format: "raw" or "qcow2"
 *
 * Builds a plain, sparse volume with file mode 0600.
 *
 * Returns: (transfer full): the volume configuration
 */
GVirConfigStorageVol *
slipway_xml_volume (const char *name,
                    guint64     capacity,
                    const char *format)
{
  g_return_val_if_fail (name != NULL && *name != '\0', NULL);
  g_return_val_if_fail (capacity > 0 || g_strcmp0 (format, "raw") == 0, NULL);
  g_return_val_if_fail (is_volume_format (format), NULL);

  return volume_new (name, capacity, format);
}

/**
 * slipway_xml_overlay_volume:
 * @name: the volume name inside its pool
 * @capacity: the size the guest sees, in bytes; at least the backing
 *   image's virtual size
 * @backing_path: the path of the base image
 * @backing_format: the base image's format, "raw" or "qcow2"
 *
 * Builds a qcow2 volume backed by @backing_path: the node's disk, which
 * a reset throws away and creates again.
 *
 * Returns: (transfer full): the volume configuration
 */
GVirConfigStorageVol *
slipway_xml_overlay_volume (const char *name,
                            guint64     capacity,
                            const char *backing_path,
                            const char *backing_format)
{
  g_autoptr(GVirConfigStorageVol) vol = NULL;
  g_autoptr(GVirConfigStorageVolBackingStore) backing = NULL;

  g_return_val_if_fail (name != NULL && *name != '\0', NULL);
  g_return_val_if_fail (capacity > 0, NULL);
  g_return_val_if_fail (backing_path != NULL && g_path_is_absolute (backing_path), NULL);
  g_return_val_if_fail (is_volume_format (backing_format), NULL);

  vol = volume_new (name, capacity, "qcow2");

  backing = gvir_config_storage_vol_backing_store_new ();
  gvir_config_storage_vol_backing_store_set_path (backing, backing_path);
  gvir_config_storage_vol_backing_store_set_format (backing, backing_format);
  gvir_config_storage_vol_set_backing_store (vol, backing);

  return g_steal_pointer (&vol);
}
