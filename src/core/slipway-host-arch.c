/* slipway-host-arch.c: whether the host and the image fit the nodes' architecture
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "slipway-host-private.h"
#include "slipway-spec.h"

/**
 * slipway_image_guess_arch:
 * @path_or_name: an image's path, file name or URL
 *
 * The architecture an image's file name says it is for, as distributions
 * name their cloud images: "debian-12-genericcloud-arm64.qcow2",
 * "jammy-server-cloudimg-amd64.img", "Fedora-Cloud-Base-39-1.5.aarch64.qcow2".
 * The file is not read: a qcow2 or raw disk carries no architecture.
 *
 * Returns: the architecture, or %SLIPWAY_ARCH_DEFAULT when the name says none
 */
SlipwayArch
slipway_image_guess_arch (const char *path_or_name)
{
  g_autofree char *base = NULL;
  g_auto(GStrv) words = NULL;
  SlipwayArch found = SLIPWAY_ARCH_DEFAULT;

  g_return_val_if_fail (path_or_name != NULL, SLIPWAY_ARCH_DEFAULT);

  base = g_path_get_basename (path_or_name);
  words = g_strsplit_set (base, "-.", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      SlipwayArch arch;

      if (words[i][0] == '\0' || !slipway_arch_from_string (words[i], &arch))
        continue;
      /* Two different ones: the name says nothing sure. */
      if (found != SLIPWAY_ARCH_DEFAULT && found != arch)
        return SLIPWAY_ARCH_DEFAULT;
      found = arch;
    }

  return found;
}

static void
check_host (const SlipwayHostInfo *info,
            SlipwayArch            nodes,
            const char            *group,
            GPtrArray             *problems)
{
  const char *arch = slipway_arch_to_string (nodes);

  if (!info->arches[nodes])
    {
      if (nodes == SLIPWAY_ARCH_AARCH64)
        g_ptr_array_add (problems,
                         slipway_problem_new (group, "arch", FALSE,
                                              _("This host cannot run aarch64 (ARM 64-bit) "
                                                "virtual machines: libvirt offers no emulator for "
                                                "them. Install QEMU for ARM on the host (on "
                                                "Debian the packages qemu-system-arm and "
                                                "qemu-efi-aarch64), or leave “arch” empty.")));
      else
        g_ptr_array_add (problems,
                         slipway_problem_new (group, "arch", FALSE,
                                              /* Translators: %s is an architecture, “x86_64” */
                                              _("This host cannot run %s virtual machines: libvirt "
                                                "offers no emulator for them. Install QEMU for "
                                                "them on the host, or leave “arch” empty."),
                                              arch));
      return;
    }

  if (nodes != info->host_arch)
    g_ptr_array_add (problems,
                     slipway_problem_new (group, "arch", TRUE,
                                          /* Translators: the first %s is the nodes'
                                           * architecture, “aarch64”, the second the host's,
                                           * “x86_64” */
                                          _("%s nodes are emulated on this %s host: they boot "
                                            "and run many times slower than the host’s own, "
                                            "minutes instead of seconds."),
                                          arch, slipway_arch_to_string (info->host_arch)));
}

static void
check_image (const SlipwayHostInfo *info,
             SlipwayArch            nodes,
             const char            *path,
             const char            *group,
             GPtrArray             *problems)
{
  SlipwayArch image;
  g_autofree char *display = NULL;

  /* i686 is there for libvirt's test driver, whose nodes boot nothing. */
  if (path == NULL || nodes == SLIPWAY_ARCH_DEFAULT || nodes == SLIPWAY_ARCH_I686)
    return;

  image = slipway_image_guess_arch (path);
  display = g_filename_display_name (path);
  if (image != SLIPWAY_ARCH_DEFAULT && image != nodes)
    g_ptr_array_add (problems,
                     slipway_problem_new (group, "image", FALSE,
                                          /* Translators: the first %s is a file name, the
                                           * second and fourth the image's architecture, the
                                           * third the nodes', “aarch64” */
                                          _("“%s” is an image for %s, but the nodes are %s: "
                                            "choose an image for %s, or set “arch” to “%s”."),
                                          display, slipway_arch_to_string (image),
                                          slipway_arch_to_string (nodes),
                                          slipway_arch_to_string (nodes),
                                          slipway_arch_to_string (image)));
  else if (image == SLIPWAY_ARCH_DEFAULT && nodes != info->host_arch)
    g_ptr_array_add (problems,
                     slipway_problem_new (group, "image", TRUE,
                                          /* Translators: the first %s is a file name, the
                                           * second an architecture, “aarch64” */
                                          _("Slipway could not check that “%s” is an image for "
                                            "%s: its name does not say. Nodes started from an "
                                            "image of another architecture never boot."),
                                          display, slipway_arch_to_string (nodes)));
}

/* Called by slipway_host_info_check_spec(): only when the host's
 * architectures are known (they come from libvirt's capabilities). Each
 * role with nodes is checked with the architecture and image it really
 * gets; a problem is reported once for each group that set the value. */
void
_slipway_host_info_check_arch (const SlipwayHostInfo *info,
                               const SlipwaySpec     *spec,
                               GPtrArray             *problems)
{
  g_autoptr(GHashTable) arches_checked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) images_checked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (info->host_arch == SLIPWAY_ARCH_DEFAULT)
    return;

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    {
      const SlipwayRoleSpec *rs = &spec->roles[r];
      const char *role = slipway_role_to_string ((SlipwayRole)r);
      SlipwayArch arch = slipway_spec_get_role_arch (spec, (SlipwayRole)r);
      SlipwayArch nodes = arch != SLIPWAY_ARCH_DEFAULT ? arch : info->host_arch;
      const char *image = slipway_spec_get_role_image (spec, (SlipwayRole)r);
      const char *arch_group = rs->arch != SLIPWAY_ARCH_DEFAULT ? role : "cluster";
      g_autofree char *arch_key = NULL;
      g_autofree char *image_key = NULL;

      if (rs->count == 0)
        continue;

      arch_key = g_strdup_printf ("%d:%s", arch, arch_group);
      if (arch != SLIPWAY_ARCH_DEFAULT && g_hash_table_add (arches_checked, g_steal_pointer (&arch_key)))
        check_host (info, arch, arch_group, problems);

      image_key = g_strdup_printf ("%d:%s", nodes, image != NULL ? image : "");
      if (g_hash_table_add (images_checked, g_steal_pointer (&image_key)))
        check_image (info, nodes, image,
                     (rs->image != NULL && rs->image[0] != '\0') || rs->arch != SLIPWAY_ARCH_DEFAULT
                     ? role : "cluster", problems);
    }
}
