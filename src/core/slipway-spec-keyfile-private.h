/* slipway-spec-keyfile-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_COMPILATION)
# error "slipway-spec-keyfile-private.h is private to libslipway and its tests."
#endif

#include <glib.h>

G_BEGIN_DECLS

/* Reading single values of a cluster file written by people: each reports
 * what it cannot read as a problem (a SlipwayProblem in @problems) with the
 * group, key and a fix, and leaves the default in place. Used by
 * slipway-spec-reader.c, which knows the groups and keys.
 */
gboolean _slipway_keyfile_scan_syntax        (const char  *data,
                                              gsize        length,
                                              GPtrArray   *problems);
char    *_slipway_keyfile_get_value_full     (GKeyFile    *keyfile,
                                              const char  *group,
                                              const char  *key,
                                              gboolean     keep_literal,
                                              GPtrArray   *problems);
char   **_slipway_keyfile_get_list           (GKeyFile    *keyfile,
                                              const char  *group,
                                              const char  *key,
                                              GPtrArray   *problems);
void     _slipway_keyfile_parse_count        (GKeyFile    *keyfile,
                                              const char  *group,
                                              const char  *key,
                                              guint       *out,
                                              guint        default_value,
                                              GPtrArray   *problems);
void     _slipway_keyfile_parse_size         (GKeyFile    *keyfile,
                                              const char  *group,
                                              const char  *key,
                                              guint64     *out,
                                              guint64      default_bytes,
                                              GPtrArray   *problems);
void     _slipway_keyfile_report_unknown_key (GPtrArray           *problems,
                                              const char          *group,
                                              const char          *key,
                                              const char * const *known);
gboolean _slipway_keyfile_check_duplicate    (GKeyFile    *keyfile,
                                              const char  *group,
                                              const char  *key,
                                              GHashTable  *seen,
                                              GPtrArray   *problems);

G_END_DECLS
