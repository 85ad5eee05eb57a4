/* slipway-user-keys.h
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

G_BEGIN_DECLS

/**
 * SlipwayUserKey:
 * @path: the `.pub` file, in the user's `~/.ssh`
 * @file_name: its name there, "id_ed25519.pub"
 * @key: the key line: "ssh-ed25519 AAAA… comment", without the newline
 * @type: the key's type, "ssh-ed25519"
 * @comment: (nullable): the key's comment, often "user@host"
 *
 * A public key of the person using Slipway, to let them log in to nodes.
 */
typedef struct
{
  char *path;
  char *file_name;
  char *key;
  char *type;
  char *comment;
} SlipwayUserKey;

#define SLIPWAY_TYPE_USER_KEY (slipway_user_key_get_type ())

GType           slipway_user_key_get_type                  (void) G_GNUC_CONST;
SlipwayUserKey *slipway_user_key_copy                      (const SlipwayUserKey  *key);
void            slipway_user_key_free                      (SlipwayUserKey        *key);

GPtrArray      *slipway_keys_list_user_public_keys         (GCancellable          *cancellable,
                                                            GError               **error);
void            slipway_keys_list_user_public_keys_async   (GCancellable          *cancellable,
                                                            GAsyncReadyCallback    callback,
                                                            gpointer               user_data);
GPtrArray      *slipway_keys_list_user_public_keys_finish  (GAsyncResult          *result,
                                                            GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlipwayUserKey, slipway_user_key_free)

G_END_DECLS
