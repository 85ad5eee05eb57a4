/* slipway-remote.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_INSIDE) && !defined (SLIPWAY_COMPILATION)
# error "Only <slipway.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

/* The ssh_config Host of the libvirt host the nodes are reached through.
 * ".invalid" is reserved (RFC 2606): no node is ever called that. */
#define SLIPWAY_JUMP_HOST_ALIAS "libvirt-host.slipway.invalid"

/**
 * SlipwayJump:
 * @host: the libvirt host, as the URI names it
 * @user: (nullable): the login name the URI names
 * @port: the SSH port the URI names, 0 for ssh's default
 * @identity_file: (nullable): the URI's `keyfile=`
 * @known_hosts: (nullable): the URI's `known_hosts=`
 *
 * How to reach the nodes of a remote libvirt host: through SSH to that
 * host, with what the connection URI says about SSH.
 */
typedef struct
{
  char *host;
  char *user;
  guint port;
  char *identity_file;
  char *known_hosts;
} SlipwayJump;

gboolean     slipway_uri_is_remote          (const char        *uri);
char        *slipway_uri_local_qemu_path    (const char        *uri);
gboolean     slipway_uri_check_transport    (const char        *uri,
                                             GError           **error);
SlipwayJump *slipway_jump_new_from_uri      (const char        *uri);
SlipwayJump *slipway_jump_copy              (const SlipwayJump *jump);
void         slipway_jump_free              (SlipwayJump       *jump);
char        *slipway_uri_connection_folder  (const char        *uri);
void         slipway_remote_connect_error   (const char        *uri,
                                             const char        *reason,
                                             gboolean           auth_failed,
                                             GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlipwayJump, slipway_jump_free)

G_END_DECLS
