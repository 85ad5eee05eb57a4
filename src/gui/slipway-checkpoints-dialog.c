/* slipway-checkpoints-dialog.c: a cluster's checkpoints, to restore or delete
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-checkpoints-dialog.h"

/* The Checkpoints view of one cluster: its checkpoints, oldest first, as
 * SlipwayCluster:checkpoints has them, each with Restore and Delete. With
 * a target (a node, from its menu), Restore brings back that node alone.
 * The view starts nothing itself: its buttons activate the parent
 * window's win.* actions, which ask first and run the operation; the
 * bar here shows the cluster's operation while it runs. */
struct _SlipwayCheckpointsDialog
{
  AdwWindow         parent_instance;

  AdwWindowTitle   *title;
  GtkStack         *stack;
  AdwStatusPage    *unsupported_page;
  GtkListBox       *list;
  GtkLabel         *intro;
  GtkRevealer      *progress_revealer;
  GtkProgressBar   *progress_bar;
  GtkWidget        *save_button;

  SlipwayCluster   *cluster;
  SlipwayOperation *operation;   /* followed while it runs */
  char             *target;      /* "" for the whole cluster */
  gboolean          idle;
};

G_DEFINE_FINAL_TYPE (SlipwayCheckpointsDialog, slipway_checkpoints_dialog, ADW_TYPE_WINDOW)

static void
activate_on_parent (SlipwayCheckpointsDialog *self,
                    const char               *action,
                    GVariant                 *parameter)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent != NULL)
    gtk_widget_activate_action_variant (GTK_WIDGET (parent), action, parameter);
}

static void
on_save_clicked_cb (SlipwayCheckpointsDialog *self)
{
  activate_on_parent (self, "win.save-checkpoint", NULL);
}

static void
on_restore_clicked_cb (GtkButton                *button,
                       SlipwayCheckpointsDialog *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "checkpoint");

  activate_on_parent (self, "win.restore", g_variant_new ("(ss)", name, self->target));
}

static void
on_delete_clicked_cb (GtkButton                *button,
                      SlipwayCheckpointsDialog *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "checkpoint");

  activate_on_parent (self, "win.delete-checkpoint", g_variant_new_string (name));
}

static char *
format_time (GDateTime *created)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (created);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (g_date_time_get_year (local) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    /* Translators: when a checkpoint was saved today, a strftime() format */
    return g_date_time_format (local, C_("checkpoint time", "Today at %H:%M"));

  /* Translators: when a checkpoint was saved, a strftime() format */
  return g_date_time_format (local, C_("checkpoint time", "%e %B %Y at %H:%M"));
}

/**
 * slipway_checkpoint_dup_summary:
 * @n_cluster_nodes: how many nodes the cluster has
 *
 * Returns: (transfer full): when @checkpoint was saved, which nodes hold
 *   it and its description: "Today at 09:14 · All 4 nodes · Before the upgrade"
 */
char *
slipway_checkpoint_dup_summary (SlipwayCheckpoint *checkpoint,
                                guint              n_cluster_nodes)
{
  g_autoptr(GPtrArray) facts = g_ptr_array_new_with_free_func (g_free);
  const char * const *nodes = slipway_checkpoint_get_nodes (checkpoint);
  const char *description = slipway_checkpoint_get_description (checkpoint);

  g_return_val_if_fail (SLIPWAY_IS_CHECKPOINT (checkpoint), NULL);

  g_ptr_array_add (facts, format_time (slipway_checkpoint_get_created (checkpoint)));
  if (slipway_checkpoint_get_complete (checkpoint))
    g_ptr_array_add (facts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Its node",
                                                          "All %u nodes", n_cluster_nodes),
                                             n_cluster_nodes));
  else
    {
      g_autofree char *names = g_strjoinv (_(", "), (char **)nodes);

      /* Translators: %s is a list of node names: the only ones a checkpoint holds */
      g_ptr_array_add (facts, g_strdup_printf (_("Only %s"), names));
    }
  if (description != NULL && description[0] != '\0')
    g_ptr_array_add (facts, g_strdup (description));
  g_ptr_array_add (facts, NULL);

  /* Translators: separates facts, as in “Today at 09:14 · All 4 nodes” */
  return g_strjoinv (_(" · "), (char **)facts->pdata);
}

static GtkWidget *
new_row_button (SlipwayCheckpointsDialog *self,
                SlipwayCheckpoint        *checkpoint,
                const char               *action,
                const char               *label,
                const char               *icon_name,
                const char               *tooltip,
                GCallback                 callback)
{
  GtkWidget *button = icon_name != NULL ? gtk_button_new_from_icon_name (icon_name)
                                        : gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  g_object_set_data_full (G_OBJECT (button), "checkpoint",
                          g_strdup (slipway_checkpoint_get_name (checkpoint)), g_free);
  g_object_set_data (G_OBJECT (button), "action", (gpointer)action);
  g_signal_connect (button, "clicked", callback, self);

  return button;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  SlipwayCheckpointsDialog *self = user_data;
  SlipwayCheckpoint *checkpoint = item;
  const char *name = slipway_checkpoint_get_name (checkpoint);
  guint n_nodes = g_list_model_get_n_items (slipway_cluster_get_nodes (self->cluster));
  g_autofree char *summary = slipway_checkpoint_dup_summary (checkpoint, n_nodes);
  g_autofree char *restore_tip = NULL;
  g_autofree char *delete_tip = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *restore;
  GtkWidget *delete;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 slipway_checkpoint_get_baseline (checkpoint)
                                 ? C_("checkpoint", "Baseline") : name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), summary);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);

  if (self->target[0] == '\0')
    /* Translators: %s is a checkpoint name */
    restore_tip = g_strdup_printf (_("Restore every node to “%s”"), name);
  else
    /* Translators: the first %s is a node name, the second a checkpoint name */
    restore_tip = g_strdup_printf (_("Restore %s to “%s”"), self->target, name);
  /* Translators: %s is a checkpoint name */
  delete_tip = g_strdup_printf (_("Delete “%s”"), name);

  restore = new_row_button (self, checkpoint, "restore", _("_Restore"), NULL, restore_tip,
                            G_CALLBACK (on_restore_clicked_cb));
  delete = new_row_button (self, checkpoint, "delete", NULL, "user-trash-symbolic", delete_tip,
                           G_CALLBACK (on_delete_clicked_cb));

  /* A node that does not hold the checkpoint cannot go back to it. */
  if (self->target[0] != '\0' && slipway_cluster_find_node (self->cluster, self->target) != NULL &&
      !slipway_checkpoint_has_node (checkpoint, self->target))
    {
      g_autofree char *why = NULL;

      /* Translators: %s is a node name */
      why = g_strdup_printf (_("%s is not in this checkpoint"), self->target);
      gtk_widget_set_sensitive (restore, FALSE);
      gtk_widget_set_tooltip_text (restore, why);
    }

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), restore);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), delete);
  gtk_widget_set_sensitive (row, self->idle);

  return row;
}

static void
update_page (SlipwayCheckpointsDialog *self)
{
  GListModel *checkpoints = slipway_cluster_get_checkpoints (self->cluster);
  gboolean any = g_list_model_get_n_items (checkpoints) > 0;
  const char *unsupported = slipway_cluster_get_checkpoints_unsupported (self->cluster);

  if (!any && unsupported != NULL)
    {
      adw_status_page_set_description (self->unsupported_page, unsupported);
      gtk_stack_set_visible_child_name (self->stack, "unsupported");
    }
  else
    gtk_stack_set_visible_child_name (self->stack, any ? "list" : "empty");
  /* The empty page has its own, bigger button; nodes that cannot be
   * snapshotted have none. */
  gtk_widget_set_visible (self->save_button, any && unsupported == NULL);
}

static void
update_progress (SlipwayCheckpointsDialog *self)
{
  const char *step;

  if (self->operation == NULL)
    return;

  step = slipway_operation_get_step (self->operation);
  gtk_progress_bar_set_fraction (self->progress_bar, slipway_operation_get_fraction (self->operation));
  gtk_progress_bar_set_text (self->progress_bar, step != NULL ? step : _("Working…"));
}

/* SlipwayCluster:operation: the bar follows the one running, if any. */
static void
on_operation_cb (SlipwayCheckpointsDialog *self)
{
  SlipwayOperation *operation = slipway_cluster_get_operation (self->cluster);

  if (self->operation != NULL)
    g_signal_handlers_disconnect_by_data (self->operation, self);
  g_set_object (&self->operation, operation);
  if (operation != NULL)
    {
      g_signal_connect_object (operation, "notify::fraction", G_CALLBACK (update_progress),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (operation, "notify::step", G_CALLBACK (update_progress),
                               self, G_CONNECT_SWAPPED);
      update_progress (self);
    }
  gtk_revealer_set_reveal_child (self->progress_revealer, operation != NULL);
}

static void
update_titles (SlipwayCheckpointsDialog *self)
{
  const char *cluster = slipway_cluster_get_name (self->cluster);

  if (self->target[0] == '\0')
    {
      adw_window_title_set_subtitle (self->title, cluster);
      gtk_label_set_label (self->intro,
                           _("Restore brings every node back to the moment the checkpoint was "
                             "saved, running, in a few seconds."));
    }
  else
    {
      SlipwayRole role;
      /* A role's menu names its nodes by their group: "the Workers". */
      const char *who = slipway_role_from_string (self->target, &role)
                        ? slipway_role_get_title (role) : self->target;
      /* Translators: the first %s is a node name or a role ("Workers"), the second a cluster name */
      g_autofree char *subtitle = g_strdup_printf (_("%s of %s"), who, cluster);
      /* Translators: %s is a node name or a role ("Workers") */
      g_autofree char *intro = g_strdup_printf (_("Restore brings %s alone back to the moment the "
                                                   "checkpoint was saved; the other nodes keep "
                                                   "running as they are."), who);

      adw_window_title_set_subtitle (self->title, subtitle);
      gtk_label_set_label (self->intro, intro);
    }
}

static void
bind_list (SlipwayCheckpointsDialog *self)
{
  gtk_list_box_bind_model (self->list, slipway_cluster_get_checkpoints (self->cluster),
                           create_row, self, NULL);
}

/**
 * slipway_checkpoints_dialog_set_target:
 * @target: a node name, or "" for the whole cluster
 */
void
slipway_checkpoints_dialog_set_target (SlipwayCheckpointsDialog *self,
                                       const char               *target)
{
  g_return_if_fail (SLIPWAY_IS_CHECKPOINTS_DIALOG (self));
  g_return_if_fail (target != NULL);

  if (g_strcmp0 (self->target, target) == 0)
    return;

  g_free (self->target);
  self->target = g_strdup (target);
  update_titles (self);
  bind_list (self);
}

/**
 * slipway_checkpoints_dialog_set_idle:
 * @idle: %FALSE while an operation runs on the cluster, or its state is
 *   not known: nothing can start then
 */
void
slipway_checkpoints_dialog_set_idle (SlipwayCheckpointsDialog *self,
                                     gboolean                  idle)
{
  g_return_if_fail (SLIPWAY_IS_CHECKPOINTS_DIALOG (self));

  self->idle = !!idle;
  gtk_widget_set_sensitive (self->save_button, self->idle);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_sensitive (child, self->idle);
}

SlipwayCluster *
slipway_checkpoints_dialog_get_cluster (SlipwayCheckpointsDialog *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CHECKPOINTS_DIALOG (self), NULL);

  return self->cluster;
}

const char *
slipway_checkpoints_dialog_get_target (SlipwayCheckpointsDialog *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CHECKPOINTS_DIALOG (self), NULL);

  return self->target;
}

/**
 * slipway_checkpoints_dialog_get_page:
 *
 * Returns: "list", or "empty" when the cluster has no checkpoint, or
 *   "unsupported" when it has none and can take none
 */
const char *
slipway_checkpoints_dialog_get_page (SlipwayCheckpointsDialog *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CHECKPOINTS_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

guint
slipway_checkpoints_dialog_get_n_rows (SlipwayCheckpointsDialog *self)
{
  guint n = 0;

  g_return_val_if_fail (SLIPWAY_IS_CHECKPOINTS_DIALOG (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;

  return n;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *checkpoint,
             const char *action)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) &&
          g_strcmp0 (g_object_get_data (G_OBJECT (child), "checkpoint"), checkpoint) == 0 &&
          g_strcmp0 (g_object_get_data (G_OBJECT (child), "action"), action) == 0)
        return child;
      if ((found = find_button (child, checkpoint, action)) != NULL)
        return found;
    }

  return NULL;
}

/**
 * slipway_checkpoints_dialog_find_button:
 * @action: "restore" or "delete"
 *
 * Returns: (nullable) (transfer none): the button of @checkpoint's row
 */
GtkWidget *
slipway_checkpoints_dialog_find_button (SlipwayCheckpointsDialog *self,
                                        const char               *checkpoint,
                                        const char               *action)
{
  g_return_val_if_fail (SLIPWAY_IS_CHECKPOINTS_DIALOG (self), NULL);

  return find_button (GTK_WIDGET (self->list), checkpoint, action);
}

static GtkWidget *
new_save_button (SlipwayCheckpointsDialog *self)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "list-add-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("_Save Checkpoint…"));
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_set_tooltip_text (button, _("Save the state of every node now"));
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_save_clicked_cb), self, G_CONNECT_SWAPPED);

  return button;
}

static GtkWidget *
build_empty_page (SlipwayCheckpointsDialog *self)
{
  GtkWidget *page = adw_status_page_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Save Checkpoint…"));

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "document-revert-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _("No Checkpoints"));
  adw_status_page_set_description (ADW_STATUS_PAGE (page),
                                   _("A checkpoint keeps the moment it is saved on every node: "
                                     "disks, memory and running programs. Restoring one brings the "
                                     "nodes back to that moment in seconds, without a boot.\n\n"
                                     "Slipway saves a “Baseline” by itself once every node of a new "
                                     "cluster is ready; Reset goes back to it."));
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_save_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_status_page_set_child (ADW_STATUS_PAGE (page), button);

  return page;
}

static GtkWidget *
build_list_page (SlipwayCheckpointsDialog *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  self->intro = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->intro, TRUE);
  gtk_label_set_xalign (self->intro, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->intro), "dim-label");

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Checkpoints"), -1);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->intro));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->list));
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);

  return scrolled;
}

static void
build (SlipwayCheckpointsDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();

  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Checkpoints"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  self->save_button = new_save_button (self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->save_button);

  self->progress_bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_progress_bar_set_show_text (self->progress_bar, TRUE);
  gtk_widget_set_margin_start (GTK_WIDGET (self->progress_bar), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->progress_bar), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->progress_bar), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->progress_bar), 6);
  self->progress_revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_child (self->progress_revealer, GTK_WIDGET (self->progress_bar));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_stack_add_named (self->stack, build_empty_page (self), "empty");
  self->unsupported_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->unsupported_page, "document-revert-symbolic");
  adw_status_page_set_title (self->unsupported_page, _("No Checkpoints for These Nodes"));
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->unsupported_page), "unsupported");
  gtk_stack_add_named (self->stack, build_list_page (self), "list");

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->progress_revealer));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  adw_window_set_content (ADW_WINDOW (self), box);
}

/**
 * slipway_checkpoints_dialog_new:
 * @parent: the #SlipwayWindow whose win.* actions the buttons activate
 * @cluster: the model's cluster
 * @target: a node name, or "" for the whole cluster
 *
 * Returns: (transfer floating): the Checkpoints view of @cluster
 */
GtkWidget *
slipway_checkpoints_dialog_new (GtkWindow      *parent,
                                SlipwayCluster *cluster,
                                const char     *target)
{
  SlipwayCheckpointsDialog *self;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (cluster), NULL);
  g_return_val_if_fail (target != NULL, NULL);

  self = g_object_new (SLIPWAY_TYPE_CHECKPOINTS_DIALOG,
                       "transient-for", parent,
                       "destroy-with-parent", TRUE,
                       "default-width", 600,
                       "default-height", 540,
                       "title", _("Checkpoints"),
                       NULL);
  self->cluster = g_object_ref (cluster);
  self->target = g_strdup (target);
  self->idle = TRUE;

  build (self);
  update_titles (self);
  bind_list (self);
  update_page (self);

  g_signal_connect_object (slipway_cluster_get_checkpoints (cluster), "items-changed",
                           G_CALLBACK (update_page), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (cluster, "notify::operation", G_CALLBACK (on_operation_cb),
                           self, G_CONNECT_SWAPPED);
  on_operation_cb (self);

  return GTK_WIDGET (self);
}

static void
slipway_checkpoints_dialog_dispose (GObject *object)
{
  SlipwayCheckpointsDialog *self = (SlipwayCheckpointsDialog *)object;

  if (self->operation != NULL)
    g_signal_handlers_disconnect_by_data (self->operation, self);
  g_clear_object (&self->operation);
  if (self->cluster != NULL)
    {
      g_signal_handlers_disconnect_by_data (slipway_cluster_get_checkpoints (self->cluster), self);
      g_signal_handlers_disconnect_by_data (self->cluster, self);
    }
  if (self->list != NULL)
    gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->cluster);

  G_OBJECT_CLASS (slipway_checkpoints_dialog_parent_class)->dispose (object);
}

static void
slipway_checkpoints_dialog_finalize (GObject *object)
{
  SlipwayCheckpointsDialog *self = (SlipwayCheckpointsDialog *)object;

  g_clear_pointer (&self->target, g_free);

  G_OBJECT_CLASS (slipway_checkpoints_dialog_parent_class)->finalize (object);
}

static void
slipway_checkpoints_dialog_class_init (SlipwayCheckpointsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = slipway_checkpoints_dialog_dispose;
  object_class->finalize = slipway_checkpoints_dialog_finalize;
}

static void
slipway_checkpoints_dialog_init (SlipwayCheckpointsDialog *self)
{
}
