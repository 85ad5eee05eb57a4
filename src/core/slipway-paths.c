/* slipway-paths.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "slipway-paths.h"
#include "slipway-paths-private.h"
#include "slipway-remote.h"

/* The images the user added, one group per image, in a key file. */
#define USER_FILE_NAME "catalog.ini"

gboolean
_slipway_is_safe_cluster_name (const char *cluster)
{
  return cluster != NULL &&
         cluster[0] != '\0' &&
         strchr (cluster, G_DIR_SEPARATOR) == NULL &&
         strcmp (cluster, ".") != 0 &&
         strcmp (cluster, "..") != 0;
}


/* The libvirt URI of the process's connection: the app and slipwayctl
 * each use one at a time. */
G_LOCK_DEFINE_STATIC (connection);
static char *connection_uri;

/**
 * slipway_paths_set_connection:
 * @uri: (nullable): the libvirt URI the clusters are on; %NULL for this
 *   machine
 *
 * Chooses whose cluster files the paths below name: a cluster is its name
 * on one libvirt host, so two clusters of the same name on two hosts keep
 * their keys and trust files apart. The clusters of this machine keep the
 * folders they always had. SlipwayConnection calls it with its URI.
 */
void
slipway_paths_set_connection (const char *uri)
{
  G_LOCK (connection);
  g_free (connection_uri);
  connection_uri = g_strdup (uri);
  G_UNLOCK (connection);
}

/**
 * slipway_paths_dup_jump:
 *
 * Returns: (transfer full) (nullable): the SSH jump to the libvirt host of
 *   the connection (see slipway_paths_set_connection()), %NULL when its
 *   nodes are on this machine
 */
SlipwayJump *
slipway_paths_dup_jump (void)
{
  SlipwayJump *jump;

  G_LOCK (connection);
  jump = slipway_jump_new_from_uri (connection_uri);
  G_UNLOCK (connection);

  return jump;
}

/**
 * slipway_cluster_dir:
 * @cluster: a cluster name
 *
 * Returns: (transfer full): the folder holding the cluster's SSH key and
 *   trust files, `$XDG_DATA_HOME/slipway/clusters/<cluster>` for a cluster
 *   on this machine, `$XDG_DATA_HOME/slipway/hosts/<host>/clusters/<cluster>`
 *   for one on a remote host (see slipway_uri_connection_folder())
 */
char *
slipway_cluster_dir (const char *cluster)
{
  g_autofree char *folder = NULL;

  g_return_val_if_fail (_slipway_is_safe_cluster_name (cluster), NULL);

  G_LOCK (connection);
  folder = slipway_uri_connection_folder (connection_uri);
  G_UNLOCK (connection);

  if (folder != NULL)
    return g_build_filename (g_get_user_data_dir (), "slipway", "hosts", folder,
                             "clusters", cluster, NULL);

  return g_build_filename (g_get_user_data_dir (), "slipway", "clusters", cluster, NULL);
}

/**
 * slipway_cluster_ssh_config:
 * @cluster: a cluster name
 *
 * The `ssh_config` of the cluster, for `ssh -F`: one `Host` per node, with
 * the cluster key and the pinned host keys.
 *
 * Returns: (transfer full): its path; the file may not exist yet
 */
char *
slipway_cluster_ssh_config (const char *cluster)
{
  g_autofree char *dir = slipway_cluster_dir (cluster);

  g_return_val_if_fail (dir != NULL, NULL);

  return g_build_filename (dir, SSH_CONFIG_NAME, NULL);
}

static char *
cluster_file (const char *cluster,
              const char *name)
{
  g_autofree char *dir = slipway_cluster_dir (cluster);

  g_return_val_if_fail (dir != NULL, NULL);

  return g_build_filename (dir, name, NULL);
}


/**
 * slipway_cluster_known_hosts:
 * @cluster: a cluster name
 *
 * Returns: (transfer full): the path of the cluster's `known_hosts`, which
 *   pins the host key of every node under its name, FQDN and address
 */
char *
slipway_cluster_known_hosts (const char *cluster)
{
  return cluster_file (cluster, KNOWN_HOSTS_NAME);
}

/**
 * slipway_cluster_identity_file:
 * @cluster: a cluster name
 *
 * Returns: (transfer full): the path of the cluster's private login key
 */
char *
slipway_cluster_identity_file (const char *cluster)
{
  return cluster_file (cluster, CLUSTER_KEY_NAME);
}

/**
 * slipway_catalog_cache_dir:
 *
 * Returns: (transfer full): $XDG_CACHE_HOME/slipway/images, where downloads go
 */
char *
slipway_catalog_cache_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "slipway", "images", NULL);
}

/**
 * slipway_catalog_user_file:
 *
 * Returns: (transfer full): the key file of the images the user added
 */
char *
slipway_catalog_user_file (void)
{
  return g_build_filename (g_get_user_data_dir (), "slipway", "images", USER_FILE_NAME, NULL);
}

/**
 * slipway_default_uri:
 *
 * Returns: (transfer full): the libvirt URI to use when none is given:
 *   `LIBVIRT_DEFAULT_URI`, else qemu:///system
 */
char *
slipway_default_uri (void)
{
  const char *env = g_getenv ("LIBVIRT_DEFAULT_URI");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  return g_strdup ("qemu:///system");
}
