/* slipwayctl-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "slipway.h"

G_BEGIN_DECLS

/* Documented in `slipwayctl --help` and docs/slipwayctl.md: keep them stable. */
typedef enum
{
  SLIPWAYCTL_EXIT_OK        = 0,
  SLIPWAYCTL_EXIT_FAILED    = 1,
  SLIPWAYCTL_EXIT_USAGE     = 2,
  SLIPWAYCTL_EXIT_INVALID   = 3,
  SLIPWAYCTL_EXIT_NOT_FOUND = 4,
  SLIPWAYCTL_EXIT_CANCELLED = 130,
} SlipwayctlExit;

typedef struct _SlipwayctlProgress SlipwayctlProgress;

/* One per process: slipwayctl runs exactly one command. */
typedef struct
{
  char               *uri;
  gboolean            quiet;

  GMainLoop          *loop;
  GCancellable       *cancellable;
  GAsyncResult       *result;         /* set by slipwayctl_async_cb () */
  SlipwayProvisioner *provisioner;    /* made on first use */
  SlipwayctlProgress *progress;

  guint               n_interrupts;
  int                 interrupt_exit; /* 128 + the signal that cancelled us */
  gboolean            in_console;     /* the terminal may be raw: print nothing */
  gboolean            in_prompt;      /* a question waits for an answer */
} Slipwayctl;

typedef int (*SlipwayctlCommandFunc) (Slipwayctl  *ctl,
                                      int          argc,
                                      char       **argv);

typedef struct
{
  const char            *name;
  const char            *parameter_string;  /* N_(), shown after the command */
  const char            *summary;           /* N_(), one line */
  const char            *description;       /* N_(), or NULL */
  const GOptionEntry    *entries;           /* command options, or NULL */
  guint                  min_args;
  guint                  max_args;          /* G_MAXUINT: any number */
  SlipwayctlCommandFunc  run;               /* NULL for "help", handled in main () */
} SlipwayctlCommand;

/* slipwayctl-commands.c */
const SlipwayctlCommand *slipwayctl_get_commands          (guint               *n_commands);
const SlipwayctlCommand *slipwayctl_find_command          (const char          *name);

/* slipwayctl.c */
SlipwayProvisioner      *slipwayctl_get_provisioner       (Slipwayctl          *ctl);
void                     slipwayctl_async_cb              (GObject             *source,
                                                           GAsyncResult        *result,
                                                           gpointer             user_data);
GAsyncResult            *slipwayctl_wait                  (Slipwayctl          *ctl);
int                      slipwayctl_report_error          (Slipwayctl          *ctl,
                                                           const GError        *error);
void                     slipwayctl_printerr              (Slipwayctl          *ctl,
                                                           const char          *format,
                                                           ...) G_GNUC_PRINTF (2, 3);
int                      slipwayctl_usage_error           (Slipwayctl          *ctl,
                                                           const char          *command,
                                                           const char          *format,
                                                           ...) G_GNUC_PRINTF (3, 4);
gboolean                 slipwayctl_check_cluster_name    (Slipwayctl          *ctl,
                                                           const char          *command,
                                                           const char          *name,
                                                           int                 *exit_code);

/* slipwayctl-progress.c */
SlipwayctlProgress      *slipwayctl_progress_new          (gboolean             quiet);
void                     slipwayctl_progress_free         (SlipwayctlProgress  *progress);
void                     slipwayctl_progress_attach       (SlipwayctlProgress  *progress,
                                                           SlipwayProvisioner  *provisioner);
void                     slipwayctl_progress_detach       (SlipwayctlProgress  *progress);
void                     slipwayctl_progress_clear        (SlipwayctlProgress  *progress);
void                     slipwayctl_progress_update       (SlipwayctlProgress  *progress,
                                                           const SlipwayProgress *event);
guint                    slipwayctl_text_width            (const char          *text);
int                      slipwayctl_terminal_width        (int                  fd);

/* slipwayctl-output.c */
JsonNode                *slipwayctl_status_to_json        (const SlipwayClusterStatus *status,
                                                           SlipwayMonitor      *monitor);
void                     slipwayctl_print_json            (JsonNode            *node);
void                     slipwayctl_print_table           (GPtrArray           *rows,
                                                           const char          *indent);
void                     slipwayctl_print_status          (const SlipwayClusterStatus *status);
void                     slipwayctl_print_list            (GPtrArray           *statuses);

/* slipwayctl-trust.c */
extern int       slipwayctl_opt_wait_timeout;
extern char     *slipwayctl_opt_until;
extern char     *slipwayctl_opt_format;
extern gboolean  slipwayctl_opt_remove;

int                      slipwayctl_cmd_wait              (Slipwayctl          *ctl,
                                                           int                  argc,
                                                           char               **argv);
int                      slipwayctl_cmd_ssh               (Slipwayctl          *ctl,
                                                           int                  argc,
                                                           char               **argv);
int                      slipwayctl_cmd_export            (Slipwayctl          *ctl,
                                                           int                  argc,
                                                           char               **argv);
int                      slipwayctl_cmd_set_password      (Slipwayctl          *ctl,
                                                           int                  argc,
                                                           char               **argv);
char                    *slipwayctl_read_password_hash    (Slipwayctl          *ctl,
                                                           GError             **error);
SlipwayMonitor          *slipwayctl_probe_readiness       (Slipwayctl          *ctl,
                                                           const SlipwayClusterStatus *status);

/* slipwayctl-console.c */
int                      slipwayctl_run_console           (Slipwayctl          *ctl,
                                                           const char          *cluster,
                                                           const char          *node,
                                                           gboolean             take_over);
void                     slipwayctl_tty_restore           (void);

G_END_DECLS
