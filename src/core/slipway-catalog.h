/* slipway-catalog.h
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

#include "slipway-paths.h"
#include "slipway-types.h"

G_BEGIN_DECLS

/**
 * SlipwayChecksumType:
 * @SLIPWAY_CHECKSUM_NONE: nothing to verify
 * @SLIPWAY_CHECKSUM_AUTO: decided by the length of the published digest
 */
typedef enum
{
  SLIPWAY_CHECKSUM_NONE,
  SLIPWAY_CHECKSUM_AUTO,
  SLIPWAY_CHECKSUM_SHA256,
  SLIPWAY_CHECKSUM_SHA512,
} SlipwayChecksumType;

/**
 * SlipwayCatalogImage:
 * @id: stable identifier: the osinfo OS id plus the image's variant, or
 *   "user:" and a digest of the URL or path for images the user added
 * @title: for people: "Debian 11 (genericcloud)"
 * @distro: osinfo's distro ("debian", "ubuntu"...) or %NULL
 * @url: where to download it, or %NULL for a local file
 * @path: a local file (user-imported), or %NULL
 * @format: "qcow2" or "raw"
 * @checksum_url: a SHA256SUMS/SHA512SUMS file listing the image, or %NULL
 * @user: the image's default cloud-init login name
 * @user_source: where @user comes from, translated, for people
 * @is_user: added by the user (kept in $XDG_DATA_HOME/slipway/images)
 * @arch: the architecture it is for: osinfo's, or for the user's images
 *   what their name says; %SLIPWAY_ARCH_DEFAULT when not known
 */
typedef struct
{
  char     *id;
  char     *title;
  char     *distro;
  char     *version;
  char     *url;
  char     *path;
  char     *format;
  char     *checksum_url;
  char     *user;
  char     *user_source;
  gboolean  is_user;
  SlipwayArch arch;
} SlipwayCatalogImage;

#define SLIPWAY_TYPE_CATALOG_IMAGE (slipway_catalog_image_get_type ())

GType                slipway_catalog_image_get_type          (void) G_GNUC_CONST;
SlipwayCatalogImage *slipway_catalog_image_new               (void);
SlipwayCatalogImage *slipway_catalog_image_copy              (const SlipwayCatalogImage *image);
void                 slipway_catalog_image_free              (SlipwayCatalogImage       *image);
char                *slipway_catalog_image_cache_path        (const SlipwayCatalogImage *image);
char                *slipway_catalog_image_local_path        (const SlipwayCatalogImage *image);

GPtrArray           *slipway_catalog_load                    (const char                *osinfo_path,
                                                              GError                   **error);
void                 slipway_catalog_load_async              (const char                *osinfo_path,
                                                              GCancellable              *cancellable,
                                                              GAsyncReadyCallback        callback,
                                                              gpointer                   user_data);
GPtrArray           *slipway_catalog_load_finish             (GAsyncResult              *result,
                                                              GError                   **error);
GPtrArray           *slipway_catalog_load_user_images        (GError                   **error);
gboolean             slipway_catalog_add_user_image          (const SlipwayCatalogImage *image,
                                                              GError                   **error);
void                 slipway_catalog_add_user_image_async    (const SlipwayCatalogImage *image,
                                                              GCancellable              *cancellable,
                                                              GAsyncReadyCallback        callback,
                                                              gpointer                   user_data);
gboolean             slipway_catalog_add_user_image_finish   (GAsyncResult              *result,
                                                              GError                   **error);
gboolean             slipway_catalog_remove_user_image       (const char                *id,
                                                              GError                   **error);

const char          *slipway_catalog_default_user            (const char                *distro,
                                                              const char               **source);
gboolean             slipway_catalog_guess_image             (const char                *path_or_name,
                                                              char                     **distro,
                                                              char                     **user,
                                                              const char               **user_source);
char                *slipway_catalog_guess_checksum_url      (const char                *url);
char                *slipway_catalog_find_checksum           (const char                *sums,
                                                              const char                *file_name,
                                                              SlipwayChecksumType       *type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlipwayCatalogImage, slipway_catalog_image_free)

G_END_DECLS
