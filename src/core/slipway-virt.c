/* slipway-virt.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "slipway-error.h"
#include "slipway-virt-private.h"
#include "slipway-xml-private.h"

/* Wraps libvirt's last error of this thread, with our context in front. */
void
_slipway_set_virt_error (GError     **error,
                         const char  *format,
                         ...)
{
  g_autofree char *context = NULL;
  /* Some failures set no error (a stream whose daemon died): then libvirt's
   * message would be “no error”. */
  virErrorPtr last = virGetLastError ();
  const char *detail = last != NULL ? last->message : NULL;
  va_list args;

  va_start (args, format);
  context = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: the first %s says what failed, the second is libvirt's reason */
  g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR, _("%s: %s"), context,
               detail != NULL ? detail : _("unknown error"));
}

/* TRUE when the daemon behind @conn is gone (killed, crashed, restarted)
 * and @error failed because of that. Then @error says so, naming @uri and
 * keeping libvirt's own words, and the caller adds what to do next:
 * nothing can be rolled back over a dead connection. */
gboolean
_slipway_virt_connection_lost (virConnectPtr   conn,
                               const char     *uri,
                               GError        **error)
{
  g_autofree char *detail = NULL;

  if (conn == NULL || virConnectIsAlive (conn) == 1)
    return FALSE;
  virResetLastError ();

  if (error == NULL)
    return TRUE;

  detail = *error != NULL ? g_strdup ((*error)->message) : NULL;
  g_clear_error (error);
  g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
               /* Translators: the 1st %s is a libvirt URI, the 2nd what failed and why */
               _("The connection to the libvirt daemon at %s was lost: it stopped or restarted (%s)."),
               uri, detail != NULL ? detail : _("unknown error"));
  return TRUE;
}

char *
_slipway_virt_network_xml (virNetworkPtr net)
{
  char *xml = virNetworkGetXMLDesc (net, 0);
  char *ret = g_strdup (xml);

  free (xml);
  return ret;
}

char *
_slipway_virt_domain_xml (virDomainPtr dom)
{
  char *xml = virDomainGetXMLDesc (dom, 0);
  char *ret = g_strdup (xml);

  free (xml);
  return ret;
}

char *
_slipway_virt_vol_xml (virStorageVolPtr vol)
{
  char *xml = virStorageVolGetXMLDesc (vol, 0);
  char *ret = g_strdup (xml);

  free (xml);
  return ret;
}

char *
_slipway_virt_vol_path (virStorageVolPtr vol)
{
  char *path = virStorageVolGetPath (vol);
  char *ret = g_strdup (path);

  free (path);
  return ret;
}

virDomainPtr
_slipway_virt_lookup_domain (virConnectPtr conn,
                             const char   *name)
{
  virDomainPtr dom = virDomainLookupByName (conn, name);

  if (dom == NULL)
    virResetLastError ();
  return dom;
}

virNetworkPtr
_slipway_virt_lookup_network (virConnectPtr conn,
                              const char   *name)
{
  virNetworkPtr net = virNetworkLookupByName (conn, name);

  if (net == NULL)
    virResetLastError ();
  return net;
}

virStorageVolPtr
_slipway_virt_lookup_volume (virStoragePoolPtr  pool,
                             const char        *name)
{
  virStorageVolPtr vol = virStorageVolLookupByName (pool, name);

  if (vol == NULL)
    virResetLastError ();
  return vol;
}

/* TRUE when @dom carries Slipway metadata naming @cluster. */
gboolean
_slipway_virt_domain_belongs_to (virDomainPtr  dom,
                                 const char   *cluster,
                                 guint        *node_id)
{
  g_autofree char *xml = _slipway_virt_domain_xml (dom);
  g_autofree char *owner = NULL;
  SlipwayRole role;
  guint id;

  if (!slipway_xml_parse_domain (xml, &owner, &role, &id))
    return FALSE;

  if (node_id != NULL)
    *node_id = id;

  return g_strcmp0 (owner, cluster) == 0;
}

/* The storage pool that holds the first disk of @dom, or %NULL: where the
 * volumes of a cluster are when the network that named its pool is gone. */
virStoragePoolPtr
_slipway_virt_domain_disk_pool (virDomainPtr dom)
{
  g_autofree char *xml = _slipway_virt_domain_xml (dom);
  g_autofree char *path = NULL;
  g_autoptr(virStorageVol) vol = NULL;
  virStoragePoolPtr pool;

  if (xml == NULL)
    return NULL;
  path = _slipway_xpath_string (xml, "string(/domain/devices/disk[@device='disk'][1]/source/@file)");
  if (path == NULL || path[0] == '\0')
    return NULL;

  vol = virStorageVolLookupByPath (virDomainGetConnect (dom), path);
  if (vol == NULL)
    {
      virResetLastError ();
      return NULL;
    }
  pool = virStoragePoolLookupByVolume (vol);
  if (pool == NULL)
    virResetLastError ();

  return pool;
}

void
_slipway_virt_domain_free (gpointer dom)
{
  if (dom != NULL)
    virDomainFree (dom);
}

SlipwayNodeState
_slipway_virt_domain_state (virDomainPtr dom)
{
  int state = VIR_DOMAIN_NOSTATE;
  int reason = 0;

  if (dom == NULL)
    return SLIPWAY_NODE_STATE_MISSING;

  if (virDomainGetState (dom, &state, &reason, 0) < 0)
    {
      virResetLastError ();
      return SLIPWAY_NODE_STATE_MISSING;
    }

  switch (state)
    {
    case VIR_DOMAIN_RUNNING:
    case VIR_DOMAIN_BLOCKED:
      return SLIPWAY_NODE_STATE_RUNNING;
    case VIR_DOMAIN_PAUSED:
    case VIR_DOMAIN_PMSUSPENDED:
      return SLIPWAY_NODE_STATE_PAUSED;
    case VIR_DOMAIN_SHUTDOWN:
      return SLIPWAY_NODE_STATE_SHUTTING_DOWN;
    case VIR_DOMAIN_CRASHED:
      return SLIPWAY_NODE_STATE_CRASHED;
    case VIR_DOMAIN_SHUTOFF:
    case VIR_DOMAIN_NOSTATE:
    default:
      return SLIPWAY_NODE_STATE_STOPPED;
    }
}

gboolean
_slipway_virt_domain_is_active (virDomainPtr dom)
{
  int active = virDomainIsActive (dom);

  if (active < 0)
    virResetLastError ();
  return active == 1;
}

char *
_slipway_virt_overlay_volume_name (const SlipwayNodeInfo *node)
{
  return g_strdup_printf ("%s.qcow2", node->domain_name);
}

char *
_slipway_virt_seed_volume_name (const SlipwayNodeInfo *node)
{
  return g_strdup_printf ("%s-seed.iso", node->domain_name);
}

/**
 * slipway_get_libvirt_version:
 *
 * Returns: (transfer full): the version of the libvirt library in use, such
 *   as "9.0.0", or %NULL if it cannot tell
 */
char *
slipway_get_libvirt_version (void)
{
  unsigned long version = 0;

  if (virGetVersion (&version, NULL, NULL) < 0)
    {
      virResetLastError ();
      return NULL;
    }

  return g_strdup_printf ("%lu.%lu.%lu", version / 1000000, (version / 1000) % 1000, version % 1000);
}
