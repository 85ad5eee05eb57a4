/* slipway-wizard-actions.c: the wizard.* actions
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-widget-actions.h"
#include "slipway-wizard-private.h"

/* Every wizard.* action, and _slipway_wizard_actions_update(), which
 * enables them (and shows the buttons) from the wizard's state. */

void
_slipway_wizard_actions_update (SlipwayWizard *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  int index = _slipway_wizard_page_index (page);
  int n_pages = (int)_slipway_wizard_n_pages ();
  gboolean on_progress = g_strcmp0 (page, "progress") == 0;
  gboolean is_review = g_strcmp0 (page, "review") == 0;
  GtkWidget *widget = GTK_WIDGET (self);
  g_autofree char *subtitle = NULL;

  gtk_widget_action_set_enabled (widget, "wizard.back", !self->creating && (index > 0 || on_progress));
  gtk_widget_action_set_enabled (widget, "wizard.next",
                                 index >= 0 && index + 1 < n_pages &&
                                 !_slipway_wizard_page_has_errors (self, page));
  gtk_widget_action_set_enabled (widget, "wizard.create", _slipway_wizard_can_create (self));
  gtk_widget_action_set_enabled (widget, "wizard.save-as", !self->creating && !self->saving);
  gtk_widget_action_set_enabled (widget, "wizard.download-cancel", self->download != NULL);
  gtk_widget_action_set_enabled (widget, "wizard.retry-host", self->host_failed && !self->creating);

  gtk_widget_set_visible (GTK_WIDGET (self->create_button), is_review);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), index >= 0 && !is_review);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), !self->creating);
  gtk_button_set_label (self->cancel_button, self->creating ? _("_Stop") : _("_Cancel"));
  gtk_spinner_set_spinning (self->check_spinner, self->checking);
  gtk_widget_set_visible (GTK_WIDGET (self->check_spinner), self->checking);

  if (index >= 0)
    {
      GtkStackPage *stack_page = gtk_stack_get_page (self->stack, gtk_stack_get_visible_child (self->stack));

      /* Translators: the step number, the number of steps, and the step's title */
      subtitle = g_strdup_printf (_("Step %d of %u: %s"), index + 1, (guint)n_pages,
                                  gtk_stack_page_get_title (stack_page));
    }
  adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : "");
}

/* Navigation ------------------------------------------------------------------ */

static void
slipway_wizard_next_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  SlipwayWizard *self = SLIPWAY_WIZARD (widget);
  int index = _slipway_wizard_page_index (gtk_stack_get_visible_child_name (self->stack));

  if (index >= 0 && index + 1 < (int)_slipway_wizard_n_pages ())
    gtk_stack_set_visible_child_name (self->stack, _slipway_wizard_page_name (index + 1));
}

static void
slipway_wizard_back_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  SlipwayWizard *self = SLIPWAY_WIZARD (widget);
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  int index = _slipway_wizard_page_index (page);

  if (g_strcmp0 (page, "progress") == 0)
    gtk_stack_set_visible_child_name (self->stack, "review");
  else if (index > 0)
    gtk_stack_set_visible_child_name (self->stack, _slipway_wizard_page_name (index - 1));
}

/* Fields ------------------------------------------------------------------- */

static void
cancel (SlipwayWizard *self)
{
  if (!_slipway_wizard_stop_create (self))
    gtk_window_close (GTK_WINDOW (self));
}

static void
pick_subnet (SlipwayWizard *self)
{
  self->subnet_edited = FALSE;
  _slipway_wizard_set_entry_text (self, self->subnet_row, "");
  _slipway_wizard_changed (self);
}

static void
cancel_download (SlipwayWizard *self)
{
  g_cancellable_cancel (self->download_cancellable);
}

/* Save As ------------------------------------------------------------------ */

/**
 * slipway_wizard_save_to_file:
 *
 * Writes the cluster file, as `slipwayctl` reads it. This blocks on the
 * disk: the wizard's own Save As goes through
 * slipway_wizard_save_to_file_async().
 */
gboolean
slipway_wizard_save_to_file (SlipwayWizard  *self,
                             GFile          *file,
                             GError        **error)
{
  g_autoptr(SlipwaySpec) spec = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (SLIPWAY_IS_WIZARD (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  spec = slipway_wizard_dup_spec (self);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Cluster files can only be saved on this computer."));
      return FALSE;
    }

  return slipway_spec_save (spec, path, error);
}

static void
replace_contents_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * slipway_wizard_save_to_file_async:
 *
 * Writes the cluster file, as `slipwayctl` reads it, without blocking:
 * GIO writes a temporary file and renames it over @file.
 */
void
slipway_wizard_save_to_file_async (SlipwayWizard       *self,
                                   GFile               *file,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SlipwaySpec) spec = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *data;

  g_return_if_fail (SLIPWAY_IS_WIZARD (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, slipway_wizard_save_to_file_async);

  if (!g_file_is_native (file))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s",
                               _("Cluster files can only be saved on this computer."));
      return;
    }

  spec = slipway_wizard_dup_spec (self);
  data = slipway_spec_to_data (spec, TRUE);
  bytes = g_bytes_new_take (data, strlen (data));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_NONE, cancellable,
                                       replace_contents_cb, g_steal_pointer (&task));
}

gboolean
slipway_wizard_save_to_file_finish (SlipwayWizard  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (SLIPWAY_IS_WIZARD (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SlipwayWizard *self = SLIPWAY_WIZARD (object);
  g_autoptr(GError) error = NULL;
  gboolean saved = slipway_wizard_save_to_file_finish (self, result, &error);

  self->saving = FALSE;
  if (self->cancellable == NULL)
    return;     /* disposed meanwhile */

  if (!saved)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _slipway_wizard_toast (self, error->message);
    }
  else
    _slipway_wizard_toast (self, _("Saved. “slipwayctl create” can build the cluster from it too."));
  _slipway_wizard_actions_update (self);
}

static void
on_save_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     SlipwayWizard   *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      self->saving = TRUE;
      slipway_wizard_save_to_file_async (self, file, self->cancellable, save_cb, NULL);
      _slipway_wizard_actions_update (self);
    }

  g_clear_object (&self->chooser);
}

static void
slipway_wizard_save_as_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  SlipwayWizard *self = SLIPWAY_WIZARD (widget);
  g_autofree char *name = _slipway_wizard_stripped (_slipway_wizard_entry_text (self->name_row));
  g_autofree char *file_name = g_strconcat (name[0] != '\0' ? name : "cluster", ".conf", NULL);

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Save the Cluster File"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), file_name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static const SlipwayWidgetAction wizard_actions[] = {
  { "wizard.cancel", SLIPWAY_WIDGET_FUNC (cancel) },
  { "wizard.create", SLIPWAY_WIDGET_FUNC (_slipway_wizard_create) },
  { "wizard.import-image", SLIPWAY_WIDGET_FUNC (_slipway_wizard_choose_image_file) },
  { "wizard.add-image", SLIPWAY_WIDGET_FUNC (_slipway_wizard_add_image) },
  { "wizard.pick-subnet", SLIPWAY_WIDGET_FUNC (pick_subnet) },
  { "wizard.download-cancel", SLIPWAY_WIDGET_FUNC (cancel_download) },
  { "wizard.retry-host", SLIPWAY_WIDGET_FUNC (_slipway_wizard_retry_host) },
};

void
_slipway_wizard_actions_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, slipway_wizard_next_action);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, slipway_wizard_back_action);
  gtk_widget_class_install_action (widget_class, "wizard.save-as", NULL, slipway_wizard_save_as_action);
  slipway_widget_class_install_actions (widget_class, wizard_actions, G_N_ELEMENTS (wizard_actions));

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "wizard.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_ALT_MASK, "wizard.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_ALT_MASK, "wizard.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "wizard.save-as", NULL);
}
