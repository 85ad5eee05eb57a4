/* slipway-wizard.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-topology-view.h"
#include "slipway-wizard-private.h"

/* The New Cluster wizard. The widgets edit a SlipwaySpec (-form.c); after
 * every change the spec is checked by the core's own validator and against
 * this host, then planned by slipway_connection_plan_async() after a
 * pause, as create plans it (-check.c), and each problem is shown under the
 * field its group and key name. Create stays disabled while any error
 * remains. The image page (-image.c), the access page (-access.c), the
 * review (-review.c), creation (-create.c) and the wizard.* actions
 * (-actions.c) each have a file of their own; this one holds the pages,
 * the shared helpers and the GObject. */

static const char * const pages[] = { "cluster", "image", "topology", "access", "review" };

G_DEFINE_FINAL_TYPE (SlipwayWizard, slipway_wizard, ADW_TYPE_WINDOW)

enum {
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers ------------------------------------------------------------------ */

const char *
_slipway_wizard_entry_text (gpointer editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

void
_slipway_wizard_set_entry_text (SlipwayWizard *self,
                                gpointer       editable,
                                const char    *text)
{
  self->updating++;
  gtk_editable_set_text (GTK_EDITABLE (editable), text != NULL ? text : "");
  self->updating--;
}

char *
_slipway_wizard_stripped (const char *text)
{
  return g_strstrip (g_strdup (text));
}

int
_slipway_wizard_page_index (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (g_strcmp0 (pages[i], name) == 0)
      return i;

  return -1;
}

guint
_slipway_wizard_n_pages (void)
{
  return G_N_ELEMENTS (pages);
}

const char *
_slipway_wizard_page_name (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (pages), NULL);

  return pages[index];
}

void
_slipway_wizard_set_up_message (AdwActionRow *row)
{
  GtkWidget *icon = gtk_image_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_title_lines (row, 0);
  adw_action_row_add_prefix (row, icon);
  gtk_widget_add_css_class (GTK_WIDGET (row), "field-message");
  g_object_set_data (G_OBJECT (row), "icon", icon);
  gtk_widget_set_visible (GTK_WIDGET (row), FALSE);
}

void
_slipway_wizard_show_message (AdwActionRow *row,
                              const char   *message,
                              gboolean      is_warning)
{
  GtkWidget *icon = g_object_get_data (G_OBJECT (row), "icon");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), message);
  gtk_image_set_from_icon_name (GTK_IMAGE (icon), is_warning ? "dialog-warning-symbolic"
                                                             : "dialog-error-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (row), is_warning ? "error" : "warning");
  gtk_widget_add_css_class (GTK_WIDGET (row), is_warning ? "warning" : "error");
  gtk_widget_set_visible (GTK_WIDGET (row), TRUE);
}

void
_slipway_wizard_hide_message (AdwActionRow *row)
{
  gtk_widget_set_visible (GTK_WIDGET (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), "");
}

void
_slipway_wizard_toast (SlipwayWizard *self,
                       const char    *message)
{
  /* Toast titles are markup in libadwaita 1.2. */
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *t = adw_toast_new (escaped);

  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

/* Pages ------------------------------------------------------------------ */

static void
on_stack_visible_child_name_cb (SlipwayWizard *self)
{
  if (self->problems == NULL)
    return;

  /* The review is drawn only while it shows, and only when it changed. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "review") == 0)
    _slipway_wizard_refresh (self);
  else
    _slipway_wizard_actions_update (self);
}

void
_slipway_wizard_emit_created (SlipwayWizard *self,
                              const char    *name)
{
  g_signal_emit (self, signals[CREATED], 0, name);
}

/* Getters ---------------------------------------------------------------- */

/**
 * slipway_wizard_get_busy:
 *
 * Returns: %TRUE while the host is being asked or checked, the catalog
 *   or the keys load, an image is added, a password is hashed, an image downloads, the file is saved or
 *   the cluster is being created. A failed host query is not busy: the
 *   totals row says what failed.
 */
gboolean
slipway_wizard_get_busy (SlipwayWizard *self)
{
  g_return_val_if_fail (SLIPWAY_IS_WIZARD (self), FALSE);

  return self->checking || self->creating || self->download != NULL || self->hashing ||
         self->loading_keys || self->loading_catalog || self->adding_images > 0 || self->saving || self->refresh_source != 0 ||
         (self->host_info == NULL && !self->host_failed) || self->catalog == NULL;
}

gboolean
slipway_wizard_get_can_create (SlipwayWizard *self)
{
  g_return_val_if_fail (SLIPWAY_IS_WIZARD (self), FALSE);

  _slipway_wizard_flush (self);

  return _slipway_wizard_can_create (self);
}

/* As shown now, without running a queued refresh first. */
gboolean
_slipway_wizard_can_create (SlipwayWizard *self)
{
  g_autoptr(SlipwaySpec) spec = NULL;

  if (self->creating || self->checking || self->hashing || self->download != NULL ||
      self->checked_spec == NULL || self->check_error != NULL ||
      slipway_problems_has_errors (self->problems))
    return FALSE;

  /* Only what the host check has seen. */
  spec = slipway_wizard_dup_spec (self);
  return slipway_spec_equal (spec, self->checked_spec);
}

const char *
slipway_wizard_get_page (SlipwayWizard *self)
{
  g_return_val_if_fail (SLIPWAY_IS_WIZARD (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

GtkWidget *
slipway_wizard_get_topology_view (SlipwayWizard *self)
{
  g_return_val_if_fail (SLIPWAY_IS_WIZARD (self), NULL);

  return GTK_WIDGET (self->topology_view);
}

guint
_slipway_wizard_get_n_hashes (SlipwayWizard *self)
{
  g_return_val_if_fail (SLIPWAY_IS_WIZARD (self), 0);

  return self->n_hashes;
}

guint
_slipway_wizard_get_n_review_renders (SlipwayWizard *self)
{
  g_return_val_if_fail (SLIPWAY_IS_WIZARD (self), 0);

  return self->n_review_renders;
}

/* GObject ------------------------------------------------------------------ */

enum {
  PROP_0,
  PROP_CONNECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
slipway_wizard_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SlipwayWizard *self = SLIPWAY_WIZARD (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slipway_wizard_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SlipwayWizard *self = SLIPWAY_WIZARD (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_set_object (&self->connection, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
slipway_wizard_close_request (GtkWindow *window)
{
  SlipwayWizard *self = SLIPWAY_WIZARD (window);

  /* Closing while creating stops it; the window goes once rolled back. */
  if (self->creating)
    {
      self->close_after_create = TRUE;
      g_cancellable_cancel (self->create_cancellable);
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (slipway_wizard_parent_class)->close_request (window);
}

static void
slipway_wizard_dispose (GObject *object)
{
  SlipwayWizard *self = (SlipwayWizard *)object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->check_cancellable);
  g_cancellable_cancel (self->download_cancellable);
  g_cancellable_cancel (self->create_cancellable);
  g_cancellable_cancel (self->hash_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->check_cancellable);
  g_clear_object (&self->download_cancellable);
  g_clear_object (&self->create_cancellable);
  g_clear_object (&self->hash_cancellable);
  g_clear_handle_id (&self->check_source, g_source_remove);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->hash_source, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->download);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLIPWAY_TYPE_WIZARD);

  g_clear_object (&self->connection);
  g_clear_object (&self->plan);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->progress_rows, g_hash_table_unref);

  G_OBJECT_CLASS (slipway_wizard_parent_class)->dispose (object);
}

static void
slipway_wizard_finalize (GObject *object)
{
  SlipwayWizard *self = (SlipwayWizard *)object;

  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->base, slipway_spec_free);
  g_clear_pointer (&self->host_info, slipway_host_info_free);
  g_clear_pointer (&self->arch_values, g_array_unref);
  _slipway_wizard_mixed_finalize (self);
  g_clear_pointer (&self->host_error, g_free);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->pending_spec, slipway_spec_free);
  g_clear_pointer (&self->checked_spec, slipway_spec_free);
  g_clear_pointer (&self->reviewed_spec, slipway_spec_free);
  g_clear_pointer (&self->check_problems, g_ptr_array_unref);
  g_clear_pointer (&self->check_error, g_free);
  g_clear_pointer (&self->catalog, g_ptr_array_unref);
  g_clear_pointer (&self->image_title, g_free);
  g_clear_pointer (&self->password_hash, g_free);
  g_clear_pointer (&self->creating_name, g_free);
  g_clear_pointer (&self->key_rows, g_ptr_array_unref);
  g_clear_pointer (&self->catalog_rows, g_ptr_array_unref);
  g_clear_pointer (&self->problem_rows, g_ptr_array_unref);
  g_clear_pointer (&self->node_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (slipway_wizard_parent_class)->finalize (object);
}

static void
slipway_wizard_class_init (SlipwayWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = slipway_wizard_dispose;
  object_class->finalize = slipway_wizard_finalize;
  object_class->get_property = slipway_wizard_get_property;
  object_class->set_property = slipway_wizard_set_property;

  /**
   * SlipwayWizard:connection:
   *
   * The connection the cluster is planned and created on: the
   * application's shared one. Without one the wizard makes its own.
   */
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         SLIPWAY_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  window_class->close_request = slipway_wizard_close_request;

  /**
   * SlipwayWizard::created:
   * @name: the cluster's name
   *
   * Emitted once the cluster exists, before the wizard closes.
   */
  signals[CREATED] =
    g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (SLIPWAY_TYPE_TOPOLOGY_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/slipway/Slipway/slipway-wizard.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, SlipwayWizard, name)
  BIND (toast_overlay);
  BIND (window_title);
  BIND (cancel_button);
  BIND (back_button);
  BIND (next_button);
  BIND (create_button);
  BIND (menu_button);
  BIND (stack);
  BIND (name_row);
  BIND (name_message);
  BIND (domain_row);
  BIND (domain_message);
  BIND (network_row);
  BIND (lb_row);
  BIND (arch_row);
  BIND (subnet_row);
  BIND (subnet_message);
  BIND (check_spinner);
  BIND (image_row);
  BIND (image_message);
  BIND (download_row);
  BIND (download_bar);
  BIND (user_group);
  BIND (user_row);
  BIND (user_message);
  BIND (catalog_group);
  BIND (add_image_row);
  BIND (add_url_row);
  BIND (add_sums_row);
  BIND (add_user_row);
  BIND (topology_box);
  BIND (topology_view);
  BIND (totals_group);
  BIND (totals_row);
  BIND (totals_message);
  BIND (cluster_key_row);
  BIND (keys_group);
  BIND (keys_message);
  BIND (password_row);
  BIND (password_message);
  BIND (autologin_switch);
  BIND (problems_group);
  BIND (summary_group);
  BIND (review_network_row);
  BIND (review_image_row);
  BIND (review_login_row);
  BIND (review_lb_row);
  BIND (nodes_group);
  BIND (file_view);
  BIND (user_data_expander);
  BIND (user_data_view);
  BIND (xml_view);
  BIND (progress_title);
  BIND (progress_step);
  BIND (progress_bar);
  BIND (progress_message);
  BIND (progress_nodes_group);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_stack_visible_child_name_cb);
  _slipway_wizard_form_class_init (widget_class);
  _slipway_wizard_access_class_init (widget_class);
  _slipway_wizard_actions_class_init (widget_class);
}

static void
slipway_wizard_init (SlipwayWizard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->key_rows = g_ptr_array_new ();
  self->catalog_rows = g_ptr_array_new ();
  self->problem_rows = g_ptr_array_new ();
  self->node_rows = g_ptr_array_new ();
  self->progress_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->problems = slipway_problems_new ();
  self->cancellable = g_cancellable_new ();

  _slipway_wizard_form_init (self);
  _slipway_wizard_check_init (self);
  _slipway_wizard_set_up_message (self->name_message);
  _slipway_wizard_set_up_message (self->domain_message);
  _slipway_wizard_set_up_message (self->subnet_message);
  _slipway_wizard_set_up_message (self->image_message);
  _slipway_wizard_set_up_message (self->user_message);
  _slipway_wizard_set_up_message (self->keys_message);
  _slipway_wizard_set_up_message (self->password_message);
  _slipway_wizard_set_up_message (self->totals_message);
  _slipway_wizard_set_up_message (self->progress_message);
}

static SlipwayWizard *
wizard_new (GtkWindow         *parent,
            const char        *uri,
            SlipwayConnection *connection)
{
  SlipwayWizard *self;

  self = g_object_new (SLIPWAY_TYPE_WIZARD,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       "connection", connection,
                       NULL);
  self->uri = g_strdup (uri);
  if (self->connection == NULL)
    self->connection = slipway_connection_new (uri);

  _slipway_wizard_form_apply_defaults (self);
  _slipway_wizard_arch_init (self);
  _slipway_wizard_access_init (self);
  _slipway_wizard_image_init (self);
  _slipway_wizard_create_init (self);
  _slipway_wizard_query_host (self);

  gtk_stack_set_visible_child_name (self->stack, "cluster");
  _slipway_wizard_changed (self);

  return self;
}

/**
 * slipway_wizard_new:
 * @parent: (nullable): the main window
 * @uri: the libvirt connection to create the cluster on
 *
 * A wizard with its own #SlipwayConnection to @uri.
 */
SlipwayWizard *
slipway_wizard_new (GtkWindow  *parent,
                    const char *uri)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  return wizard_new (parent, uri, NULL);
}

/**
 * slipway_wizard_new_for_connection:
 * @parent: (nullable): the main window
 * @connection: the application's connection to create the cluster on
 */
SlipwayWizard *
slipway_wizard_new_for_connection (GtkWindow         *parent,
                                   SlipwayConnection *connection)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SLIPWAY_IS_CONNECTION (connection), NULL);

  return wizard_new (parent, slipway_connection_get_uri (connection), connection);
}
