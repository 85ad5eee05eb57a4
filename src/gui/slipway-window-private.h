/* slipway-window-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "slipway.h"
#include "slipway-cluster-overview.h"
#include "slipway-window.h"

G_BEGIN_DECLS

/* One operation started from the window: it owns its cancellable, so a
 * Cancel stops it alone. At most one per cluster (a second one on a busy
 * cluster is refused), so the progress of a cluster belongs to it. */
typedef struct
{
  SlipwayWindow    *self;
  SlipwayOperationKind  operation;
  char             *cluster;
  SlipwayCluster   *cluster_model;  /* the model's cluster it runs on */
  char             *target;
  GPtrArray        *nodes;          /* char *, the names the operation acts on */
  GCancellable     *cancellable;
  SlipwayOperation *model;          /* SlipwayCluster:operation, when run through the model */
  GtkApplication   *application;    /* held, with a session inhibitor, until the end */
  guint             hold_id;
  double            fraction;
  char             *step;
  char             *checkpoint;     /* of a save, restore or delete */
  char             *description;    /* of a save */
} SlipwayWindowOperation;

struct _SlipwayWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkStack             *stack;
  GtkListBox           *cluster_list;
  AdwStatusPage        *error_page;
  AdwLeaflet           *leaflet;
  GtkWidget            *content;
  GtkWidget            *role_labels[SLIPWAY_N_ROLES];
  GtkListBox           *role_lists[SLIPWAY_N_ROLES];
  GtkWidget            *gateway_label;
  GtkWidget            *control_label;
  GtkWidget            *worker_label;
  GtkListBox           *gateway_list;
  GtkListBox           *control_list;
  GtkListBox           *worker_list;
  GtkRevealer          *connection_banner;
  GtkLabel             *connection_label;
  AdwViewSwitcherTitle *switcher_title;
  GtkRevealer          *operation_bar;
  GtkProgressBar       *progress_bar;
  GtkButton            *cancel_button;
  GtkStack             *content_stack;
  GtkRevealer          *stopped_banner;
  GtkLabel             *stopped_title;
  GtkLabel             *stopped_description;
  AdwViewStack         *view_stack;
  SlipwayTerminalGroup *groups[SLIPWAY_N_GROUPS];
  SlipwayClusterOverview *overview;   /* the view stack's first page */

  /* Owned references */
  SlipwayConnection    *connection;    /* the application's for the URI, or our own */
  SlipwayCluster       *model_cluster; /* the open cluster in the connection's model */
  GObject              *watch;         /* held on model_cluster while it is shown */
  GSettings            *settings;
  GCancellable         *list_cancellable;
  GHashTable           *streams;       /* node name → SlipwayConsole */
  GHashTable           *operations;    /* cluster name → SlipwayWindowOperation* */
  char                 *uri;
  char                 *cluster;
  char                 *requested;     /* from the command line, until found */
  char                 *connection_error;

  guint                 loading : 1;
  guint                 was_connected : 1;
  guint                 selecting : 1;
  guint                 closing : 1;   /* confirmed, or disposed: no more UI updates */
};

/* slipway-window.c */
void                    _slipway_window_toast                (SlipwayWindow   *self,
                                                              const char      *message,
                                                              gboolean         is_error);
SlipwayNode            *_slipway_window_find_node            (SlipwayWindow   *self,
                                                              const char      *name);
GtkWindow              *_slipway_window_find_dialog          (SlipwayWindow   *self,
                                                              GType            type);
void                    _slipway_window_update_content_page  (SlipwayWindow   *self);
void                    _slipway_window_set_loading          (SlipwayWindow   *self,
                                                              gboolean         loading);
void                    _slipway_window_notify_busy          (SlipwayWindow   *self);

/* slipway-window-clusters.c: what exists on the connection, read from the core */
void                    _slipway_window_clusters_init        (SlipwayWindow   *self);
void                    _slipway_window_reload               (SlipwayWindow   *self);
void                    _slipway_window_close_cluster        (SlipwayWindow   *self);
void                    _slipway_window_reconnect            (SlipwayWindow   *self);
void                    _slipway_window_connected_changed_cb (SlipwayWindow   *self);
void                    _slipway_window_connection_failed    (SlipwayWindow   *self,
                                                              const GError    *error);
void                    _slipway_window_set_rows_stale       (SlipwayWindow   *self,
                                                              gboolean         stale);
GPtrArray              *_slipway_window_select_nodes         (SlipwayWindow   *self,
                                                              const char      *target);
void                    _slipway_window_cluster_row_selected (SlipwayWindow   *self,
                                                              GtkListBoxRow   *row,
                                                              GtkListBox      *list);

/* slipway-window-actions.c */
void                    _slipway_window_class_actions_init   (SlipwayWindowClass *klass);
void                    _slipway_window_actions_update       (SlipwayWindow   *self);

/* slipway-window-operations.c */
void                    _slipway_window_operations_init      (SlipwayWindow   *self);
SlipwayWindowOperation *_slipway_window_begin_operation      (SlipwayWindow   *self,
                                                              SlipwayOperationKind operation,
                                                              const char      *target);
void                    _slipway_window_end_operation        (SlipwayWindowOperation *op,
                                                              gboolean         done,
                                                              const GError    *error);
void                    _slipway_window_follow_model         (SlipwayWindowOperation *op);
void                    _slipway_window_operation_free       (SlipwayWindowOperation *op);
void                    _slipway_window_run                  (SlipwayWindow   *self,
                                                              SlipwayOperationKind operation,
                                                              const char      *target);
void                    _slipway_window_confirm_reset        (SlipwayWindow   *self,
                                                              SlipwayOperationKind operation,
                                                              const char      *target);
GtkWidget              *_slipway_window_new_confirmation     (SlipwayWindow   *self,
                                                              const char      *heading,
                                                              const char      *body,
                                                              const char      *response,
                                                              const char      *label);
void                    _slipway_window_confirm_destroy      (SlipwayWindow   *self);
SlipwayWindowOperation *_slipway_window_get_operation        (SlipwayWindow   *self,
                                                              const char      *cluster);
gboolean                _slipway_window_can_cancel           (SlipwayWindowOperation *op);
char                   *_slipway_window_operation_dup_title  (SlipwayWindowOperation *op);
char                   *_slipway_window_operation_dup_consequence (SlipwayWindowOperation *op);
void                    _slipway_window_cancel               (SlipwayWindow   *self,
                                                              const char      *cluster);
void                    _slipway_window_update_operation_bar (SlipwayWindow   *self);
gboolean                _slipway_window_close_request_cb     (SlipwayWindow   *self);

/* slipway-window-checkpoints.c: checkpoints, restore and rebuild */
void                    _slipway_window_checkpoints_class_init (SlipwayWindowClass *klass);
void                    _slipway_window_checkpoints_update   (SlipwayWindow   *self);
void                    _slipway_window_run_checkpoint       (SlipwayWindow   *self,
                                                              SlipwayOperationKind operation,
                                                              const char      *checkpoint,
                                                              const char      *description,
                                                              const char      *target);

/* slipway-window-node-details.c: Node Details and Open in Terminal */
void                    _slipway_window_node_details_class_init (SlipwayWindowClass *klass);
const char             *_slipway_window_get_selected_node    (SlipwayWindow   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlipwayWindowOperation, _slipway_window_operation_free)

G_END_DECLS
