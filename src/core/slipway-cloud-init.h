/* slipway-cloud-init.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_INSIDE) && !defined (SLIPWAY_COMPILATION)
# error "Only <slipway.h> can be included directly."
#endif

#include <gio/gio.h>

#include "slipway-topology.h"

G_BEGIN_DECLS

/* One entry of "write_files". */
typedef struct
{
  const char *path;
  const char *permissions;   /* "0644" */
  const char *content;
} SlipwayCloudFile;

/**
 * SlipwayCloudConfig:
 *
 * What goes into one node's NoCloud seed. Borrowed strings.
 */
typedef struct
{
  const char         *instance_id;
  const char         *hostname;
  const char         *fqdn;
  const char         *user;
  const char * const *authorized_keys;   /* NULL-terminated, cluster key first */
  const char         *host_key_private;  /* ed25519, OpenSSH format; NULL: the image's own */
  const char         *host_key_public;   /* "ssh-ed25519 AAAA…" */
  const char         *password_hash;     /* crypt(3) hash, NULL: password locked */
  gboolean            console_autologin; /* log @user in on the serial console */
  const char * const *packages;          /* NULL-terminated; NULL: none */
  const SlipwayCloudFile *files;         /* @n_files more files to write */
  guint               n_files;
  const char * const * const *commands;  /* more runcmd argvs, NULL-terminated */
} SlipwayCloudConfig;

char   *slipway_cloud_init_meta_data   (const SlipwayCloudConfig  *config);
char   *slipway_cloud_init_user_data   (const SlipwayCloudConfig  *config,
                                        GError                   **error);
GBytes *slipway_seed_iso_build         (const char                *meta_data,
                                        const char                *user_data,
                                        GError                   **error);

G_END_DECLS
