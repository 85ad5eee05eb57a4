/* slipway-download.h
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

#include "slipway-catalog.h"

G_BEGIN_DECLS

#define SLIPWAY_TYPE_DOWNLOAD (slipway_download_get_type ())

G_DECLARE_FINAL_TYPE (SlipwayDownload, slipway_download, SLIPWAY, DOWNLOAD, GObject)

SlipwayDownload *slipway_download_new                   (const char          *url,
                                                         const char          *destination);
const char      *slipway_download_get_url               (SlipwayDownload     *self);
const char      *slipway_download_get_destination       (SlipwayDownload     *self);
void             slipway_download_set_checksum_url      (SlipwayDownload     *self,
                                                         const char          *checksum_url);
void             slipway_download_set_expected_checksum (SlipwayDownload     *self,
                                                         SlipwayChecksumType  type,
                                                         const char          *digest);
double           slipway_download_get_progress          (SlipwayDownload     *self);
guint64          slipway_download_get_received          (SlipwayDownload     *self);
guint64          slipway_download_get_total             (SlipwayDownload     *self);
gboolean         slipway_download_get_verified          (SlipwayDownload     *self);

void             slipway_download_run_async             (SlipwayDownload     *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean         slipway_download_run_finish            (SlipwayDownload     *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

G_END_DECLS
