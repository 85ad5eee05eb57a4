/* slipway-window-checkpoints.c: checkpoints and restores started from the window
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-checkpoints-dialog.h"
#include "slipway-window-private.h"

/* The win.* actions of checkpoints: the Checkpoints view (of the cluster,
 * or of one node from its menu), Save Checkpoint… with a name and a
 * description, and Restore and Delete, which ask first in the words the
 * core gives slipwayctl too. Each runs as a window operation: one at a
 * time per cluster, with the bar, the toasts and the application held. */

static void
checkpoint_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SlipwayWindowOperation) op = user_data;
  SlipwayCluster *cluster = SLIPWAY_CLUSTER (object);
  g_autoptr(GError) error = NULL;
  gboolean done;

  if (op->operation == SLIPWAY_OPERATION_SAVE_CHECKPOINT)
    done = slipway_cluster_save_checkpoint_finish (cluster, result, &error);
  else if (op->operation == SLIPWAY_OPERATION_RESTORE_CHECKPOINT)
    done = slipway_cluster_restore_checkpoint_finish (cluster, result, &error);
  else
    done = slipway_cluster_delete_checkpoint_finish (cluster, result, &error);

  _slipway_window_end_operation (op, done, error);
}

/**
 * _slipway_window_run_checkpoint:
 * @operation: save, restore or delete a checkpoint
 * @checkpoint: its name
 * @description: (nullable): of a save
 * @target: a node name, a role or "" for the whole cluster (a restore)
 *
 * Starts @operation on the open cluster, unless one runs there already.
 */
void
_slipway_window_run_checkpoint (SlipwayWindow        *self,
                                SlipwayOperationKind  operation,
                                const char           *checkpoint,
                                const char           *description,
                                const char           *target)
{
  const char *targets[] = { target, NULL };
  SlipwayWindowOperation *op;

  g_assert (operation == SLIPWAY_OPERATION_SAVE_CHECKPOINT ||
            operation == SLIPWAY_OPERATION_RESTORE_CHECKPOINT ||
            operation == SLIPWAY_OPERATION_DELETE_CHECKPOINT);

  op = _slipway_window_begin_operation (self, operation, target);
  if (op == NULL)
    return;

  op->checkpoint = g_strdup (checkpoint);
  op->description = g_strdup (description);

  if (operation == SLIPWAY_OPERATION_SAVE_CHECKPOINT)
    slipway_cluster_save_checkpoint_async (op->cluster_model, checkpoint, description,
                                           op->cancellable, checkpoint_cb, op);
  else if (operation == SLIPWAY_OPERATION_RESTORE_CHECKPOINT)
    slipway_cluster_restore_checkpoint_async (op->cluster_model, checkpoint,
                                              target[0] != '\0' ? targets : NULL,
                                              op->cancellable, checkpoint_cb, op);
  else
    slipway_cluster_delete_checkpoint_async (op->cluster_model, checkpoint,
                                             op->cancellable, checkpoint_cb, op);

  _slipway_window_follow_model (op);
}

/* ------------------------------------------------------------------------ */
/* The Checkpoints view                                                     */

static SlipwayCheckpointsDialog *
find_dialog (SlipwayWindow *self)
{
  return (SlipwayCheckpointsDialog *)_slipway_window_find_dialog (self, SLIPWAY_TYPE_CHECKPOINTS_DIALOG);
}

static void
show_checkpoints_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SlipwayWindow *self = SLIPWAY_WINDOW (widget);
  const char *target = parameter != NULL ? g_variant_get_string (parameter, NULL) : "";
  SlipwayCheckpointsDialog *dialog = find_dialog (self);

  if (self->model_cluster == NULL)
    return;

  if (dialog != NULL && slipway_checkpoints_dialog_get_cluster (dialog) != self->model_cluster)
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      dialog = NULL;
    }

  if (dialog == NULL)
    dialog = SLIPWAY_CHECKPOINTS_DIALOG (slipway_checkpoints_dialog_new (GTK_WINDOW (self),
                                                                         self->model_cluster,
                                                                         target));
  else
    slipway_checkpoints_dialog_set_target (dialog, target);

  _slipway_window_checkpoints_update (self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------------ */
/* Save Checkpoint…                                                         */

typedef struct
{
  AdwEntryRow *name_row;
  AdwEntryRow *description_row;
  GtkLabel    *error_label;
} SaveForm;

static void
on_save_name_changed_cb (AdwMessageDialog *dialog)
{
  SaveForm *form = g_object_get_data (G_OBJECT (dialog), "form");
  const char *name = gtk_editable_get_text (GTK_EDITABLE (form->name_row));
  g_autoptr(GError) error = NULL;
  gboolean valid = slipway_check_checkpoint_name (name, &error);
  SlipwayWindow *self = SLIPWAY_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));

  if (valid && self->model_cluster != NULL && slipway_cluster_find_checkpoint (self->model_cluster, name) != NULL)
    {
      valid = FALSE;
      g_clear_error (&error);
      /* Translators: %s is a checkpoint name */
      error = g_error_new (SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC,
                           _("There is a checkpoint “%s” already: choose another name, or delete that one first."),
                           name);
    }

  adw_message_dialog_set_response_enabled (dialog, "save", valid);
  /* Nothing typed yet is not an error to shout about. */
  gtk_label_set_label (form->error_label, !valid && name[0] != '\0' ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (form->error_label), !valid && name[0] != '\0');
  if (!valid && name[0] != '\0')
    gtk_widget_add_css_class (GTK_WIDGET (form->name_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (form->name_row), "error");
}

static void
on_save_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     SlipwayWindow    *self)
{
  SaveForm *form = g_object_get_data (G_OBJECT (dialog), "form");
  const char *cluster = g_object_get_data (G_OBJECT (dialog), "cluster");

  if (!g_str_equal (response, "save") || g_strcmp0 (cluster, self->cluster) != 0)
    return;

  _slipway_window_run_checkpoint (self, SLIPWAY_OPERATION_SAVE_CHECKPOINT,
                                  gtk_editable_get_text (GTK_EDITABLE (form->name_row)),
                                  gtk_editable_get_text (GTK_EDITABLE (form->description_row)),
                                  "");
}

static void
save_checkpoint_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SlipwayWindow *self = SLIPWAY_WINDOW (widget);
  SaveForm *form;
  GtkWidget *dialog;
  GtkWidget *group;
  GtkWidget *box;
  g_autofree char *body = NULL;

  if (self->model_cluster == NULL)
    return;

  /* Translators: %s is a cluster name */
  body = g_strdup_printf (_("Every node of %s is paused for a moment and its disks, memory and "
                            "running programs are saved together, so that Restore can bring the "
                            "cluster back to this moment in seconds."), self->cluster);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Checkpoint"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save", FALSE);

  form = g_new0 (SaveForm, 1);
  g_object_set_data_full (G_OBJECT (dialog), "form", form, g_free);
  g_object_set_data_full (G_OBJECT (dialog), "cluster", g_strdup (self->cluster), g_free);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  group = adw_preferences_group_new ();
  form->name_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->name_row), _("Name"));
  adw_entry_row_set_activates_default (form->name_row, TRUE);
  form->description_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->description_row), _("Description (optional)"));
  adw_entry_row_set_activates_default (form->description_row, TRUE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (form->name_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (form->description_row));
  form->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (form->error_label, TRUE);
  gtk_label_set_xalign (form->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (form->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (form->error_label), FALSE);
  gtk_box_append (GTK_BOX (box), group);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (form->error_label));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  g_signal_connect_object (form->name_row, "changed", G_CALLBACK (on_save_name_changed_cb),
                           dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_save_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (form->name_row));
}

/* ------------------------------------------------------------------------ */
/* Restore and Delete, confirmed                                            */

static void
on_confirm_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        SlipwayWindow    *self)
{
  const char *cluster = g_object_get_data (G_OBJECT (dialog), "cluster");

  if (g_str_equal (response, "cancel") || g_strcmp0 (cluster, self->cluster) != 0)
    return;

  _slipway_window_run_checkpoint (self,
                                  GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "kind")),
                                  g_object_get_data (G_OBJECT (dialog), "checkpoint"),
                                  NULL,
                                  g_object_get_data (G_OBJECT (dialog), "target"));
}

static void
confirm (SlipwayWindow        *self,
         SlipwayOperationKind  operation,
         const char           *checkpoint,
         const char           *target)
{
  const char *targets[] = { target, NULL };
  gboolean restore = operation == SLIPWAY_OPERATION_RESTORE_CHECKPOINT;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->model_cluster == NULL || slipway_cluster_find_checkpoint (self->model_cluster, checkpoint) == NULL)
    return;

  if (restore)
    /* Translators: %s is a checkpoint name */
    heading = g_strdup_printf (_("Restore “%s”?"), checkpoint);
  else
    /* Translators: %s is a checkpoint name */
    heading = g_strdup_printf (_("Delete “%s”?"), checkpoint);
  body = slipway_cluster_dup_confirmation (self->model_cluster, operation, checkpoint,
                                           target[0] != '\0' ? targets : NULL);

  dialog = _slipway_window_new_confirmation (self, heading, body,
                                             restore ? "restore" : "delete",
                                             restore ? _("_Restore") : _("_Delete"));
  g_object_set_data_full (G_OBJECT (dialog), "cluster", g_strdup (self->cluster), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "checkpoint", g_strdup (checkpoint), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "target", g_strdup (target), g_free);
  g_object_set_data (G_OBJECT (dialog), "kind", GUINT_TO_POINTER (operation));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  const char *checkpoint;
  const char *target;

  g_variant_get (parameter, "(&s&s)", &checkpoint, &target);
  confirm (SLIPWAY_WINDOW (widget), SLIPWAY_OPERATION_RESTORE_CHECKPOINT, checkpoint, target);
}

static void
delete_checkpoint_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  confirm (SLIPWAY_WINDOW (widget), SLIPWAY_OPERATION_DELETE_CHECKPOINT,
           g_variant_get_string (parameter, NULL), "");
}

/**
 * _slipway_window_checkpoints_update:
 *
 * Enables the checkpoint actions as the others: a cluster open, nothing
 * running on it, its state known; the Checkpoints view follows.
 */
void
_slipway_window_checkpoints_update (SlipwayWindow *self)
{
  gboolean idle = self->model_cluster != NULL && self->connection_error == NULL &&
                  _slipway_window_get_operation (self, self->cluster) == NULL;
  SlipwayCheckpointsDialog *dialog;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-checkpoints", self->model_cluster != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-checkpoint", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.restore", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-checkpoint", idle);

  if ((dialog = find_dialog (self)) != NULL)
    {
      if (slipway_checkpoints_dialog_get_cluster (dialog) != self->model_cluster)
        gtk_window_destroy (GTK_WINDOW (dialog));
      else
        slipway_checkpoints_dialog_set_idle (dialog, idle);
    }
}

void
_slipway_window_checkpoints_class_init (SlipwayWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.show-checkpoints", "s", show_checkpoints_action);
  gtk_widget_class_install_action (widget_class, "win.save-checkpoint", NULL, save_checkpoint_action);
  gtk_widget_class_install_action (widget_class, "win.restore", "(ss)", restore_action);
  gtk_widget_class_install_action (widget_class, "win.delete-checkpoint", "s", delete_checkpoint_action);

}
