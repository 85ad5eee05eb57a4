/* slipway-export-dialog.c: a cluster as other tools read it, to copy or save
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "slipway-export-dialog.h"

/* Export… of the cluster menu: the ssh_config, the Ansible inventory or
 * the /etc/hosts lines, exactly as `slipwayctl export` prints them (both
 * call slipway_cluster_export_async()). The text is made in the core's
 * thread, shown as a preview, copied whole or saved through the file
 * chooser portal (GtkFileChooserNative), written asynchronously. */
struct _SlipwayExportDialog
{
  AdwWindow            parent_instance;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkLabel            *description;
  GtkStack            *stack;
  GtkTextView         *text_view;
  AdwStatusPage       *error_page;

  /* Owned references */
  SlipwayCluster      *cluster;
  GCancellable        *cancellable;    /* of the export being made */
  GCancellable        *save_cancellable;
  char                *text;           /* NULL until made */
  SlipwayExportFormat  format;
  guint                saving : 1;
};

G_DEFINE_FINAL_TYPE (SlipwayExportDialog, slipway_export_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_FORMAT_NAME,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_actions (SlipwayExportDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.copy", self->text != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.save",
                                 self->text != NULL && !self->saving);
}

static void
set_description (SlipwayExportDialog *self)
{
  g_autofree char *command = NULL;
  g_autofree char *same = NULL;
  g_autofree char *markup = NULL;
  const char *what;

  switch (self->format)
    {
    case SLIPWAY_EXPORT_FORMAT_SSH_CONFIG:
      what = _("For ssh -F: a Host for each node, by name, FQDN and address, with the cluster’s key "
               "and the host keys Slipway pinned.");
      break;

    case SLIPWAY_EXPORT_FORMAT_ANSIBLE:
      what = _("For ansible -i: a group for each role and “nodes” for the Kubernetes nodes, with the "
               "cluster’s key and the host keys Slipway pinned.");
      break;

    case SLIPWAY_EXPORT_FORMAT_HOSTS:
      what = _("To add to /etc/hosts: each node and the Kubernetes API by name.");
      break;

    default:
      g_assert_not_reached ();
    }

  command = g_strdup_printf ("slipwayctl export --format %s %s",
                             slipway_export_format_to_string (self->format),
                             slipway_cluster_get_name (self->cluster));
  /* Translators: %s is a command line, "slipwayctl export --format hosts lab" */
  same = g_strdup_printf (_("The same as %s"), command);
  markup = g_markup_printf_escaped ("%s\n<small><span alpha=\"70%%\">%s</span></small>", what, same);
  gtk_label_set_markup (self->description, markup);
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SlipwayExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  text = slipway_cluster_export_finish (self->cluster, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);

  if (text == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else
    {
      self->text = g_steal_pointer (&text);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), self->text, -1);
      gtk_stack_set_visible_child_name (self->stack, "text");
    }

  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Makes the text of the format chosen, in the core's thread. */
static void
reload (SlipwayExportDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->text, g_free);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", -1);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  set_description (self);
  update_actions (self);

  self->cancellable = g_cancellable_new ();
  slipway_cluster_export_async (self->cluster, self->format, self->cancellable,
                                export_cb, g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
toast (SlipwayExportDialog *self,
       const char          *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  /* A toast's title is markup in libadwaita 1.2. */
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SlipwayExportDialog *self = SLIPWAY_EXPORT_DIALOG (widget);

  if (self->text == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->text);
  toast (self, _("Copied to the clipboard"));
}

/**
 * slipway_export_dialog_dup_file_name:
 *
 * Returns: the name the file chooser suggests: "lab-inventory.ini"
 */
char *
slipway_export_dialog_dup_file_name (SlipwayExportDialog *self)
{
  const char *cluster;

  g_return_val_if_fail (SLIPWAY_IS_EXPORT_DIALOG (self), NULL);

  cluster = slipway_cluster_get_name (self->cluster);
  switch (self->format)
    {
    case SLIPWAY_EXPORT_FORMAT_SSH_CONFIG: return g_strdup_printf ("%s-ssh_config", cluster);
    case SLIPWAY_EXPORT_FORMAT_ANSIBLE:    return g_strdup_printf ("%s-inventory.ini", cluster);
    case SLIPWAY_EXPORT_FORMAT_HOSTS:      return g_strdup_printf ("%s-hosts", cluster);
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SlipwayExportDialog) self = user_data;
  GFile *file = G_FILE (object);
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;

  self->saving = FALSE;
  g_clear_object (&self->save_cancellable);

  if (!g_file_replace_contents_finish (file, result, NULL, &error))
    {
      GtkWidget *dialog;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Not a toast: the message names the file and the reason, and is
       * too long for one. */
      dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Save the Export"),
                                       error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else
    {
      g_autofree char *basename = g_file_get_basename (file);

      /* Translators: %s is a file name */
      message = g_strdup_printf (_("Saved as “%s”"), basename);
      toast (self, message);
    }

  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/**
 * slipway_export_dialog_save_to_file:
 * @file: where to write the text shown
 *
 * Writes the text shown to @file, replacing it, without blocking; a toast
 * says where it went, a message dialog why it could not.
 */
void
slipway_export_dialog_save_to_file (SlipwayExportDialog *self,
                                    GFile               *file)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (SLIPWAY_IS_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->text != NULL && !self->saving);

  self->saving = TRUE;
  self->save_cancellable = g_cancellable_new ();
  bytes = g_bytes_new (self->text, strlen (self->text));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_NONE,
                                       self->save_cancellable, saved_cb, g_object_ref (self));
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
on_chooser_response_cb (GtkNativeDialog     *chooser,
                        int                  response,
                        SlipwayExportDialog *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  /* The format may have changed under the chooser; the text is what shows. */
  if (file != NULL && self->text != NULL && !self->saving)
    slipway_export_dialog_save_to_file (self, file);

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

/* GtkFileChooserNative goes through the portal inside the Flatpak. */
static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SlipwayExportDialog *self = SLIPWAY_EXPORT_DIALOG (widget);
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (self->text == NULL || self->saving)
    return;

  name = slipway_export_dialog_dup_file_name (self);
  chooser = gtk_file_chooser_native_new (_("Save the Export"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

SlipwayCluster *
slipway_export_dialog_get_cluster (SlipwayExportDialog *self)
{
  g_return_val_if_fail (SLIPWAY_IS_EXPORT_DIALOG (self), NULL);

  return self->cluster;
}

SlipwayExportFormat
slipway_export_dialog_get_format (SlipwayExportDialog *self)
{
  g_return_val_if_fail (SLIPWAY_IS_EXPORT_DIALOG (self), SLIPWAY_EXPORT_FORMAT_SSH_CONFIG);

  return self->format;
}

void
slipway_export_dialog_set_format (SlipwayExportDialog *self,
                                  SlipwayExportFormat  format)
{
  g_return_if_fail (SLIPWAY_IS_EXPORT_DIALOG (self));
  g_return_if_fail (slipway_export_format_to_string (format) != NULL);

  if (self->format == format && (self->text != NULL || self->cancellable != NULL))
    return;

  self->format = format;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORMAT_NAME]);
  reload (self);
}

/**
 * slipway_export_dialog_get_text:
 *
 * Returns: (nullable): the text shown, copied and saved; %NULL while it is
 *   being made or when it could not be
 */
const char *
slipway_export_dialog_get_text (SlipwayExportDialog *self)
{
  g_return_val_if_fail (SLIPWAY_IS_EXPORT_DIALOG (self), NULL);

  return self->text;
}

/**
 * slipway_export_dialog_get_busy:
 *
 * Returns: %TRUE while the text is being made or saved
 */
gboolean
slipway_export_dialog_get_busy (SlipwayExportDialog *self)
{
  g_return_val_if_fail (SLIPWAY_IS_EXPORT_DIALOG (self), FALSE);

  return self->cancellable != NULL || self->saving;
}

/**
 * slipway_export_dialog_get_page:
 *
 * Returns: what shows: "loading", "text" or "error"
 */
const char *
slipway_export_dialog_get_page (SlipwayExportDialog *self)
{
  g_return_val_if_fail (SLIPWAY_IS_EXPORT_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

GtkWidget *
slipway_export_dialog_new (GtkWindow      *parent,
                           SlipwayCluster *cluster)
{
  SlipwayExportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (cluster), NULL);

  self = g_object_new (SLIPWAY_TYPE_EXPORT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->cluster = g_object_ref (cluster);
  adw_window_title_set_subtitle (self->window_title, slipway_cluster_get_name (cluster));
  reload (self);

  return GTK_WIDGET (self);
}

static void
slipway_export_dialog_dispose (GObject *object)
{
  SlipwayExportDialog *self = (SlipwayExportDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SLIPWAY_TYPE_EXPORT_DIALOG);
  g_clear_object (&self->cluster);

  G_OBJECT_CLASS (slipway_export_dialog_parent_class)->dispose (object);
}

static void
slipway_export_dialog_finalize (GObject *object)
{
  SlipwayExportDialog *self = (SlipwayExportDialog *)object;

  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (slipway_export_dialog_parent_class)->finalize (object);
}

static void
slipway_export_dialog_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SlipwayExportDialog *self = SLIPWAY_EXPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_FORMAT_NAME:
      g_value_set_string (value, slipway_export_format_to_string (self->format));
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, slipway_export_dialog_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slipway_export_dialog_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  SlipwayExportDialog *self = SLIPWAY_EXPORT_DIALOG (object);
  SlipwayExportFormat format;

  switch (prop_id)
    {
    case PROP_FORMAT_NAME:
      if (g_value_get_string (value) != NULL &&
          slipway_export_format_from_string (g_value_get_string (value), &format) &&
          self->cluster != NULL)
        slipway_export_dialog_set_format (self, format);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slipway_export_dialog_class_init (SlipwayExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = slipway_export_dialog_dispose;
  object_class->finalize = slipway_export_dialog_finalize;
  object_class->get_property = slipway_export_dialog_get_property;
  object_class->set_property = slipway_export_dialog_set_property;

  /* The format's name on slipwayctl's command line: the toggle buttons'
   * "export.format" action is bound to it. */
  properties[PROP_FORMAT_NAME] =
    g_param_spec_string ("format-name", NULL, NULL,
                         "ssh-config",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/slipway/Slipway/slipway-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlipwayExportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SlipwayExportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SlipwayExportDialog, description);
  gtk_widget_class_bind_template_child (widget_class, SlipwayExportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SlipwayExportDialog, text_view);
  gtk_widget_class_bind_template_child (widget_class, SlipwayExportDialog, error_page);

  gtk_widget_class_install_property_action (widget_class, "export.format", "format-name");
  gtk_widget_class_install_action (widget_class, "export.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "export.save", NULL, save_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "export.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "export.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
slipway_export_dialog_init (SlipwayExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_title (GTK_WINDOW (self), _("Export"));
}
