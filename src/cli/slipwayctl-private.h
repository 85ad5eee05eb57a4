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

/* What the command line says. The option tables point into it (see
 * SLIPWAYCTL_OPTION); each field says which command reads it. */
typedef struct
{
  /* Global options may come before the command or after it; the two parses
   * keep separate storage so that the later one wins without leaking. */
  char     *connect_before;
  char     *connect_after;
  gboolean  quiet;
  gboolean  version;

  char     *output;          /* init, download */
  char     *image;           /* init */
  char     *load_balancer;   /* init */
  char     *arch;            /* init */
  gboolean  force;           /* init */
  gboolean  password;        /* init */
  gboolean  check;           /* create */
  gboolean  json;            /* list, status */
  int       stop_timeout;    /* stop; -1: the core's default */
  gboolean  yes;             /* destroy, rebuild, checkpoint */
  char     *description;     /* checkpoint save */
  gboolean  delete_image;    /* destroy */
  gboolean  delete_keys;     /* destroy */
  gboolean  take_over;       /* console */
  int       wait_timeout;    /* wait, in seconds; 0: never give up */
  char     *until;           /* wait */
  char     *format;          /* export */
  gboolean  remove;          /* set-password */
  char     *sha256;          /* download */
  char     *checksums;       /* download */
} SlipwayctlOptions;

/* The arg_data of a GOptionEntry in a table of slipwayctl: the offset of
 * @field in SlipwayctlOptions, made a pointer into the options of the
 * run by slipwayctl.c. */
#define SLIPWAYCTL_OPTION(field) ((gpointer)G_STRUCT_OFFSET (SlipwayctlOptions, field))

/* One per process: slipwayctl runs exactly one command. */
typedef struct
{
  SlipwayctlOptions   options;
  char               *uri;
  gboolean            quiet;

  GMainLoop          *loop;
  GCancellable       *cancellable;
  GAsyncResult       *result;         /* set by slipwayctl_async_cb () */
  SlipwayConnection  *connection;     /* made on first use */
  SlipwayctlProgress *progress;

  guint               n_interrupts;
  int                 interrupt_exit; /* 128 + the signal that cancelled us */
  int                 finished_exit;  /* -1 until the command has returned */
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
  const GOptionEntry    *entries;           /* command options (SLIPWAYCTL_OPTION), or NULL */
  guint                  min_args;
  guint                  max_args;          /* G_MAXUINT: any number */
  SlipwayctlCommandFunc  run;               /* NULL for "help", handled in main () */
} SlipwayctlCommand;

/* slipwayctl-commands.c */
const SlipwayctlCommand *slipwayctl_get_commands          (guint               *n_commands);
const SlipwayctlCommand *slipwayctl_find_command          (const char          *name);

/* slipwayctl-util.c */
SlipwayConnection       *slipwayctl_get_connection        (Slipwayctl          *ctl);
SlipwayCluster          *slipwayctl_get_cluster           (Slipwayctl          *ctl,
                                                           const char          *cluster,
                                                           GError             **error);
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
gboolean                 slipwayctl_ensure_trust_files    (Slipwayctl          *ctl,
                                                           const char          *name,
                                                           const SlipwayTopology *topology,
                                                           const char          *user,
                                                           GError             **error);

/* slipwayctl-cmd-*.c: the commands of the table */
int                      slipwayctl_cmd_init              (Slipwayctl          *ctl,
                                                           int                  argc,
                                                           char               **argv);
int                      slipwayctl_cmd_download          (Slipwayctl          *ctl,
                                                           int                  argc,
                                                           char               **argv);
int                      slipwayctl_cmd_create            (Slipwayctl          *ctl,
                                                           int                  argc,
                                                           char               **argv);
int                      slipwayctl_cmd_list              (Slipwayctl          *ctl,
                                                           int                  argc,
                                                           char               **argv);
int                      slipwayctl_cmd_status            (Slipwayctl          *ctl,
                                                           int                  argc,
                                                           char               **argv);
int                      slipwayctl_cmd_start             (Slipwayctl          *ctl,
                                                           int                  argc,
                                                           char               **argv);
int                      slipwayctl_cmd_stop              (Slipwayctl          *ctl,
                                                           int                  argc,
                                                           char               **argv);
int                      slipwayctl_cmd_reset             (Slipwayctl          *ctl,
                                                           int                  argc,
                                                           char               **argv);
int                      slipwayctl_cmd_rebuild           (Slipwayctl          *ctl,
                                                           int                  argc,
                                                           char               **argv);
int                      slipwayctl_cmd_checkpoint        (Slipwayctl          *ctl,
                                                           int                  argc,
                                                           char               **argv);
int                      slipwayctl_cmd_force_off         (Slipwayctl          *ctl,
                                                           int                  argc,
                                                           char               **argv);
int                      slipwayctl_cmd_destroy           (Slipwayctl          *ctl,
                                                           int                  argc,
                                                           char               **argv);
int                      slipwayctl_cmd_console           (Slipwayctl          *ctl,
                                                           int                  argc,
                                                           char               **argv);
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

/* slipwayctl-cmd-password.c */
char                    *slipwayctl_read_password_hash    (Slipwayctl          *ctl,
                                                           GError             **error);

/* slipwayctl-progress.c */
SlipwayctlProgress      *slipwayctl_progress_new          (gboolean             quiet);
void                     slipwayctl_progress_free         (SlipwayctlProgress  *progress);
void                     slipwayctl_progress_attach       (SlipwayctlProgress  *progress,
                                                           SlipwayOperation    *operation);
void                     slipwayctl_progress_done         (SlipwayctlProgress  *progress);
void                     slipwayctl_progress_detach       (SlipwayctlProgress  *progress);
void                     slipwayctl_progress_clear        (SlipwayctlProgress  *progress);
guint                    slipwayctl_text_width            (const char          *text);
int                      slipwayctl_terminal_width        (int                  fd);

/* slipwayctl-cmd-checkpoint.c: asks on a terminal, with the core's words,
 * whether to lose what @kind loses; SLIPWAYCTL_EXIT_OK to go on. */
int                      slipwayctl_confirm_loss          (Slipwayctl          *ctl,
                                                           SlipwayCluster      *cluster,
                                                           SlipwayOperationKind kind,
                                                           const char          *checkpoint,
                                                           const char * const  *targets);

/* slipwayctl-output.c */
JsonNode                *slipwayctl_cluster_to_json       (SlipwayCluster      *cluster,
                                                           gboolean             readiness);
void                     slipwayctl_print_json            (JsonNode            *node);
void                     slipwayctl_print_table           (GPtrArray           *rows,
                                                           const char          *indent);
void                     slipwayctl_print_status          (SlipwayCluster      *cluster,
                                                           const char          *api_endpoint);
JsonNode                *slipwayctl_lb_to_json            (SlipwayCluster      *cluster,
                                                           const SlipwayLbStatus *status,
                                                           const char          *message);
char                    *slipwayctl_lb_describe           (SlipwayCluster      *cluster,
                                                           const SlipwayLbStatus *status,
                                                           const char          *message);
void                     slipwayctl_print_list            (GListModel          *clusters);

/* slipwayctl-console.c */
int                      slipwayctl_run_console           (Slipwayctl          *ctl,
                                                           const char          *cluster,
                                                           const char          *node,
                                                           gboolean             take_over);
void                     slipwayctl_tty_restore           (void);

G_END_DECLS
