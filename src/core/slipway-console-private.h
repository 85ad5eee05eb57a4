/* slipway-console-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_COMPILATION)
# error "slipway-console-private.h is private to libslipway and its tests."
#endif

#include <libvirt-gobject/libvirt-gobject.h>

#include "slipway-console.h"
#include "slipway-provisioner-private.h"

G_BEGIN_DECLS

/* What a console keeps: the start of the current boot, and the most recent
 * output, on whole lines (slipway_console_dup_history()). */
#define SLIPWAY_CONSOLE_BOOT_MAX     (128 * 1024)
#define SLIPWAY_CONSOLE_HISTORY_MAX  (256 * 1024)

/* Shared by slipway-console.c (state, API), slipway-console-stream.c
 * (libvirt) and slipway-console-log.c (the serial port's log). */
struct _SlipwayConsole
{
  GObject               parent_instance;

  SlipwayProvisioner   *provisioner;
  char                 *cluster;
  char                 *node;

  GVirStream           *stream;
  GCancellable         *open_cancellable;  /* set while an open runs */
  GCancellable         *log_cancellable;   /* set while the log is read */
  GPtrArray            *waiters;           /* GTask of slipway_console_open_async () */
  guint                 read_source;
  guint                 write_source;
  guint                 retry_source;
  guint                 retry_ms;

  GByteArray           *history;           /* the recent tail, on whole lines */
  GByteArray           *boot;              /* the first BOOT_MAX bytes of this boot */
  guint64               since_boot;        /* bytes received since the boot began */
  GByteArray           *to_guest;
  char                 *message;

  SlipwayConsoleStatus  status;
  guint                 running : 1;       /* reopen by itself while set */
  guint                 take_over : 1;     /* the next open forces the console */
};

/* slipway-console.c. _receive(): what the guest wrote, into the history
 * and the "data" signal (tests call it without a stream); _end_stream():
 * the stream ended, @error (owned) is %NULL for a clean end. */
SlipwayConsole *_slipway_console_new                 (SlipwayProvisioner  *provisioner,
                                                      const char          *cluster,
                                                      const char          *node);
void          _slipway_console_reopen                (SlipwayConsole      *self);
void          _slipway_console_receive               (SlipwayConsole      *self,
                                                      const char          *data,
                                                      gsize                length);
void          _slipway_console_end_stream            (SlipwayConsole      *self,
                                                      GError              *error);

/* slipway-console-log.c */
char         *_slipway_console_log_path              (const char          *uri,
                                                      const char          *domain_name);
void          _slipway_console_load_log              (SlipwayConsole      *self,
                                                      const char          *path);

/* slipway-console-stream.c: libvirt's side, and the stream workaround. How
 * many stream wrappers this process keeps alive on purpose is counted. */
void          _slipway_console_attach_stream         (SlipwayConsole      *self,
                                                      GVirStream          *stream);
void          _slipway_console_drop_stream           (SlipwayConsole      *self);
void          _slipway_console_flush                 (SlipwayConsole      *self);
void          _slipway_console_open_stream_async     (SlipwayConsole      *self,
                                                      gboolean             force,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback);
GVirStream   *_slipway_console_open_stream_finish    (GAsyncResult        *result,
                                                      GError             **error);
void          _slipway_console_keep_stream           (GVirStream          *stream);
guint         _slipway_console_get_n_kept_streams    (void);
GError       *_slipway_console_taken_error           (const char          *cluster,
                                                      const char          *node,
                                                      const GError        *error);

G_END_DECLS
