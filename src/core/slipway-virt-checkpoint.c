/* slipway-virt-checkpoint.c: the libvirt snapshots that make checkpoints
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include "slipway-checkpoint-private.h"
#include "slipway-virt-private.h"
#include "slipway-xml-private.h"

/* Worker threads only, like the rest of slipway-virt*.c. A checkpoint is
 * found by name on each domain; only snapshots whose description is
 * Slipway's metadata for this cluster and name count, so a snapshot some
 * other program took is never listed, restored or deleted. */

static SlipwayCheckpointInfo *
read_checkpoint (virDomainSnapshotPtr  snap,
                 const char           *cluster)
{
  const char *name = virDomainSnapshotGetName (snap);
  g_autofree char *xml = NULL;
  g_autofree char *description = NULL;
  char *raw;

  if (name == NULL)
    return NULL;

  raw = virDomainSnapshotGetXMLDesc (snap, VIR_DOMAIN_SNAPSHOT_XML_SECURE);
  if (raw == NULL)
    {
      virResetLastError ();
      return NULL;
    }
  xml = g_strdup (raw);
  free (raw);

  description = _slipway_xpath_string (xml, "string(/domainsnapshot/description)");
  return _slipway_checkpoint_metadata_parse (description, cluster, name);
}

/* QEMU takes internal snapshots only when every writable block device can
 * hold one; the NVRAM of UEFI firmware is a raw pflash file, which cannot
 * (libvirt 9.0 has no qcow2 NVRAM). Such a machine has no checkpoints. */
gboolean
_slipway_virt_domain_has_nvram (virDomainPtr dom)
{
  g_autofree char *xml = _slipway_virt_domain_xml (dom);
  g_autofree char *efi = NULL;

  if (xml == NULL)
    return FALSE;
  efi = _slipway_xpath_string (xml, "string(boolean(/domain/os[@firmware='efi'] | "
                                    "/domain/os/loader[@type='pflash']))");

  return g_strcmp0 (efi, "true") == 0;
}

GPtrArray *
_slipway_virt_checkpoints_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify)_slipway_checkpoint_info_free);
}

void
_slipway_virt_collect_checkpoints (virDomainPtr  dom,
                                   const char   *cluster,
                                   const char   *node,
                                   GPtrArray    *checkpoints)
{
  virDomainSnapshotPtr *snaps = NULL;
  int n;

  n = virDomainListAllSnapshots (dom, &snaps, 0);
  if (n < 0)
    {
      g_debug ("Listing the snapshots of %s: %s", node, virGetLastErrorMessage ());
      virResetLastError ();
      return;
    }

  for (int i = 0; i < n; i++)
    {
      g_autoptr(SlipwayCheckpointInfo) info = read_checkpoint (snaps[i], cluster);
      SlipwayCheckpointInfo *known = NULL;

      virDomainSnapshotFree (snaps[i]);
      if (info == NULL)
        continue;

      for (guint j = 0; j < checkpoints->len && known == NULL; j++)
        {
          SlipwayCheckpointInfo *other = g_ptr_array_index (checkpoints, j);

          if (g_strcmp0 (other->name, info->name) == 0)
            known = other;
        }

      if (known == NULL)
        {
          known = g_steal_pointer (&info);
          g_ptr_array_add (checkpoints, known);
        }
      else
        {
          /* The nodes agree unless one was saved again by hand; the
           * oldest time and any baseline mark win. */
          known->created = MIN (known->created, info->created);
          known->baseline = known->baseline || info->baseline;
        }
      g_ptr_array_add (known->nodes, g_strdup (node));
    }
  free (snaps);
}

static int
compare_checkpoints (gconstpointer a,
                     gconstpointer b)
{
  const SlipwayCheckpointInfo *ca = *(SlipwayCheckpointInfo * const *)a;
  const SlipwayCheckpointInfo *cb = *(SlipwayCheckpointInfo * const *)b;

  if (ca->created != cb->created)
    return ca->created < cb->created ? -1 : 1;
  return g_strcmp0 (ca->name, cb->name);
}

void
_slipway_virt_sort_checkpoints (GPtrArray *checkpoints)
{
  g_ptr_array_sort (checkpoints, compare_checkpoints);
}

virDomainSnapshotPtr
_slipway_virt_lookup_checkpoint (virDomainPtr  dom,
                                 const char   *cluster,
                                 const char   *name)
{
  virDomainSnapshotPtr snap = virDomainSnapshotLookupByName (dom, name, 0);
  g_autoptr(SlipwayCheckpointInfo) info = NULL;

  if (snap == NULL)
    {
      virResetLastError ();
      return NULL;
    }

  info = read_checkpoint (snap, cluster);
  if (info == NULL)
    {
      virDomainSnapshotFree (snap);
      return NULL;
    }

  return snap;
}

char *
_slipway_virt_unsnapshottable_disk (virDomainPtr dom)
{
  g_autofree char *xml = _slipway_virt_domain_xml (dom);
  g_auto(GStrv) targets = NULL;

  if (xml == NULL)
    return NULL;

  targets = _slipway_xpath_strings (xml, "/domain/devices/disk[not(readonly)]/target/@dev");
  for (guint i = 0; targets != NULL && targets[i] != NULL; i++)
    {
      g_autofree char *expr = g_strdup_printf ("string(/domain/devices/disk[target/@dev='%s']/driver/@type)",
                                               targets[i]);
      g_autofree char *format = _slipway_xpath_string (xml, expr);

      if (g_strcmp0 (format, "qcow2") != 0)
        return g_strdup_printf ("%s (%s)", targets[i],
                                format != NULL && format[0] != '\0' ? format : "raw");
    }

  return NULL;
}
