/* slipway-wizard-check.c: the checks, and their problems next to the fields
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-wizard-private.h"

/* Every change queues one refresh (an idle, so that a keystroke that moves
 * several fields still refreshes once) and, after a pause, one full check
 * through the core in a worker thread. The refresh runs the cheap checks
 * that need no disk (the spec's own validation, and this host's facts with
 * the image left out: its file is looked at by the full check only), shows
 * the problems and hands the spec to the topology view and the review,
 * which redraw only when what they show changed. */

#define CHECK_DELAY_MS 300

/* Problems next to their fields -------------------------------------------- */

AdwActionRow *
_slipway_wizard_message_row_for (SlipwayWizard  *self,
                                 const char     *group,
                                 const char     *key,
                                 GtkWidget     **field,
                                 const char    **page)
{
  SlipwayRole role;

  *field = NULL;
  *page = "review";

  if (group == NULL)
    {
      *page = "topology";
      return self->totals_message;
    }

  if (slipway_role_from_string (group, &role))
    {
      *page = "topology";
      if (g_strcmp0 (key, "count") == 0)
        *field = GTK_WIDGET (self->roles[role].count);
      else if (g_strcmp0 (key, "vcpus") == 0)
        *field = GTK_WIDGET (self->roles[role].vcpus);
      else if (g_strcmp0 (key, "memory") == 0)
        *field = GTK_WIDGET (self->roles[role].memory);
      else if (g_strcmp0 (key, "disk") == 0)
        *field = GTK_WIDGET (self->roles[role].disk);
      else if (g_strcmp0 (key, "arch") == 0)
        *field = GTK_WIDGET (self->roles[role].arch);
      else if (g_strcmp0 (key, "image") == 0)
        *field = GTK_WIDGET (self->roles[role].image);
      return self->roles[role].message;
    }

  if (g_strcmp0 (group, "cluster") != 0 || key == NULL)
    return NULL;

  if (g_str_equal (key, "name"))
    {
      *page = "cluster";
      *field = GTK_WIDGET (self->name_row);
      return self->name_message;
    }
  if (g_str_equal (key, "domain"))
    {
      *page = "cluster";
      *field = GTK_WIDGET (self->domain_row);
      return self->domain_message;
    }
  if (g_str_equal (key, "subnet") || g_str_equal (key, "network"))
    {
      *page = "cluster";
      *field = GTK_WIDGET (self->subnet_row);
      return self->subnet_message;
    }
  if (g_str_equal (key, "image"))
    {
      *page = "image";
      *field = GTK_WIDGET (self->image_row);
      return self->image_message;
    }
  if (g_str_equal (key, "user"))
    {
      *page = "image";
      *field = GTK_WIDGET (self->user_row);
      return self->user_message;
    }
  if (g_str_equal (key, "ssh-authorized-keys"))
    {
      *page = "access";
      return self->keys_message;
    }
  if (g_str_equal (key, "password-hash") || g_str_equal (key, "console-autologin"))
    {
      *page = "access";
      *field = GTK_WIDGET (self->password_row);
      return self->password_message;
    }

  return NULL;
}

static GtkWidget **
field_widgets (SlipwayWizard *self,
               guint         *n)
{
  static GtkWidget *fields[8 + 6 * SLIPWAY_N_ROLES];
  guint i = 0;

  fields[i++] = GTK_WIDGET (self->name_row);
  fields[i++] = GTK_WIDGET (self->domain_row);
  fields[i++] = GTK_WIDGET (self->subnet_row);
  fields[i++] = GTK_WIDGET (self->image_row);
  fields[i++] = GTK_WIDGET (self->user_row);
  fields[i++] = GTK_WIDGET (self->password_row);
  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    {
      fields[i++] = GTK_WIDGET (self->roles[r].count);
      fields[i++] = GTK_WIDGET (self->roles[r].vcpus);
      fields[i++] = GTK_WIDGET (self->roles[r].memory);
      fields[i++] = GTK_WIDGET (self->roles[r].disk);
      fields[i++] = GTK_WIDGET (self->roles[r].arch);
      fields[i++] = GTK_WIDGET (self->roles[r].image);
    }
  *n = i;

  return fields;
}

static AdwActionRow **
message_rows (SlipwayWizard *self,
              guint         *n)
{
  static AdwActionRow *rows[8 + SLIPWAY_N_ROLES];
  guint i = 0;

  rows[i++] = self->name_message;
  rows[i++] = self->domain_message;
  rows[i++] = self->subnet_message;
  rows[i++] = self->image_message;
  rows[i++] = self->user_message;
  rows[i++] = self->keys_message;
  rows[i++] = self->password_message;
  rows[i++] = self->totals_message;
  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    rows[i++] = self->roles[r].message;
  *n = i;

  return rows;
}

gboolean
_slipway_wizard_page_has_errors (SlipwayWizard *self,
                                 const char    *page)
{
  for (guint i = 0; i < self->problems->len; i++)
    {
      SlipwayProblem *problem = g_ptr_array_index (self->problems, i);
      GtkWidget *field;
      const char *problem_page;

      if (problem->is_warning)
        continue;
      _slipway_wizard_message_row_for (self, problem->group, problem->key, &field, &problem_page);
      if (g_strcmp0 (problem_page, page) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
on_problem_row_activated_cb (AdwActionRow  *row,
                             SlipwayWizard *self)
{
  const char *page = g_object_get_data (G_OBJECT (row), "page");

  if (page != NULL)
    gtk_stack_set_visible_child_name (self->stack, page);
}

/* Everything also goes to the list on the Review page, which leads back. */
static void
add_review_problem_row (SlipwayWizard        *self,
                        const SlipwayProblem *problem,
                        const char           *page)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (problem->is_warning ? "dialog-warning-symbolic"
                                                                        : "dialog-error-symbolic");
  g_autofree char *where = slipway_problem_to_string (problem);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), where);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_widget_add_css_class (row, problem->is_warning ? "warning" : "error");
  gtk_widget_add_css_class (row, "field-message");
  if (g_strcmp0 (page, "review") != 0)
    {
      g_object_set_data (G_OBJECT (row), "page", (gpointer)page);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_signal_connect (row, "activated", G_CALLBACK (on_problem_row_activated_cb), self);
    }
  adw_preferences_group_add (self->problems_group, row);
  g_ptr_array_add (self->problem_rows, row);
}

static void
show_problems (SlipwayWizard     *self,
               const SlipwaySpec *spec)
{
  g_autoptr(GHashTable) texts = g_hash_table_new (NULL, NULL);
  guint n_fields, n_rows;
  GtkWidget **fields = field_widgets (self, &n_fields);
  AdwActionRow **rows = message_rows (self, &n_rows);
  g_autoptr(GHashTable) errors = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < n_fields; i++)
    {
      gtk_widget_remove_css_class (fields[i], "error");
      gtk_widget_remove_css_class (fields[i], "warning");
    }

  for (guint i = 0; i < self->problem_rows->len; i++)
    adw_preferences_group_remove (self->problems_group, g_ptr_array_index (self->problem_rows, i));
  g_ptr_array_set_size (self->problem_rows, 0);

  for (guint i = 0; i < self->problems->len; i++)
    {
      SlipwayProblem *problem = g_ptr_array_index (self->problems, i);
      GtkWidget *field;
      const char *page;
      AdwActionRow *row = _slipway_wizard_message_row_for (self, problem->group, problem->key,
                                                           &field, &page);
      GString *text;

      if (field != NULL)
        gtk_widget_add_css_class (field, problem->is_warning ? "warning" : "error");

      add_review_problem_row (self, problem, page);

      if (row == NULL)
        continue;
      /* With no image at all the image row says so itself ("No image
       * chosen, pick one below"); the cluster file's wording of it
       * ("write the path of…") would only repeat it there. */
      if (row == self->image_message && (spec->image == NULL || spec->image[0] == '\0'))
        continue;

      text = g_hash_table_lookup (texts, row);
      if (text == NULL)
        {
          text = g_string_new (problem->message);
          g_hash_table_insert (texts, row, text);
        }
      else
        {
          g_string_append_c (text, '\n');
          g_string_append (text, problem->message);
        }
      if (!problem->is_warning)
        g_hash_table_add (errors, row);
    }

  for (guint i = 0; i < n_rows; i++)
    {
      GString *text = g_hash_table_lookup (texts, rows[i]);

      if (text == NULL)
        {
          _slipway_wizard_hide_message (rows[i]);
          continue;
        }
      _slipway_wizard_show_message (rows[i], text->str, !g_hash_table_contains (errors, rows[i]));
      g_string_free (text, TRUE);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->problems_group), self->problem_rows->len > 0);
  adw_preferences_group_set_title (self->problems_group,
                                   slipway_problems_has_errors (self->problems)
                                   ? _("To Fix First") : _("Worth Knowing"));
}

static gboolean
problem_in (GPtrArray            *problems,
            const SlipwayProblem *problem)
{
  for (guint i = 0; i < problems->len; i++)
    {
      SlipwayProblem *other = g_ptr_array_index (problems, i);

      if (g_strcmp0 (other->group, problem->group) == 0 &&
          g_strcmp0 (other->key, problem->key) == 0 &&
          g_strcmp0 (other->message, problem->message) == 0)
        return TRUE;
    }

  return FALSE;
}

/**
 * slipway_wizard_get_problems:
 *
 * Returns: (transfer none) (element-type SlipwayProblem): what is shown now
 */
GPtrArray *
slipway_wizard_get_problems (SlipwayWizard *self)
{
  g_return_val_if_fail (SLIPWAY_IS_WIZARD (self), NULL);

  _slipway_wizard_flush (self);

  return self->problems;
}

/**
 * slipway_wizard_get_field_message:
 *
 * Returns: (nullable): the message shown next to the field of @group and @key
 */
const char *
slipway_wizard_get_field_message (SlipwayWizard *self,
                                  const char    *group,
                                  const char    *key)
{
  GtkWidget *field;
  const char *page;
  AdwActionRow *row;

  g_return_val_if_fail (SLIPWAY_IS_WIZARD (self), NULL);

  _slipway_wizard_flush (self);

  row = _slipway_wizard_message_row_for (self, group, key, &field, &page);
  if (row == NULL || !gtk_widget_get_visible (GTK_WIDGET (row)))
    return NULL;

  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

/* Totals ----------------------------------------------------------------- */

/**
 * slipway_wizard_dup_totals:
 *
 * Returns: (transfer full): the totals line, as shown
 */
char *
slipway_wizard_dup_totals (SlipwayWizard *self)
{
  g_return_val_if_fail (SLIPWAY_IS_WIZARD (self), NULL);

  _slipway_wizard_flush (self);

  return g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->totals_row)));
}

static char *
host_subtitle (SlipwayWizard *self)
{
  /* What failed, and what to do; libvirt's message says how to fix it, and
   * is shown once: here, or in the problem below when the check says the
   * same. */
  if (self->host_failed && g_strcmp0 (self->check_error, self->host_error) == 0)
    return g_strdup (_("Could not ask this computer what it has, for the reason below. "
                       "Fix it, then try again."));
  if (self->host_failed)
    /* Translators: %s is libvirt's own message, a sentence or two */
    return g_strdup_printf (_("Could not ask this computer what it has: %s Fix it, then try again."),
                            self->host_error);

  if (self->host_info == NULL)
    return g_strdup (_("Asking this computer what it has…"));

  if (self->host_info->memory_bytes > 0 && self->host_info->n_cpus > 0)
    {
      g_autofree char *host_memory = slipway_format_size (self->host_info->memory_bytes);

      /* Translators: a number of CPUs, then a size of memory */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "This computer has %u CPU and %s of memory",
                                           "This computer has %u CPUs and %s of memory",
                                           self->host_info->n_cpus),
                              self->host_info->n_cpus, host_memory);
    }

  return g_strdup (_("This computer did not say how much memory it has"));
}

static void
update_totals (SlipwayWizard     *self,
               const SlipwaySpec *spec)
{
  guint nodes = 0, vcpus = 0;
  guint64 memory = 0, disk = 0;
  g_autofree char *memory_str = NULL;
  g_autofree char *disk_str = NULL;
  g_autofree char *nodes_str = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = host_subtitle (self);

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    {
      const SlipwayRoleSpec *rs = &spec->roles[r];

      nodes += rs->count;
      vcpus += rs->count * rs->vcpus;
      memory += rs->count * rs->memory_bytes;
      disk += rs->count * rs->disk_bytes;
    }

  memory_str = slipway_format_size (memory);
  disk_str = slipway_format_size (disk);
  nodes_str = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u node", "%u nodes", nodes), nodes);
  /* Translators: "7 nodes", then a number of virtual CPUs, then memory and disk sizes */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%s · %u virtual CPU · %s of memory · up to %s of disk",
                                        "%s · %u virtual CPUs · %s of memory · up to %s of disk",
                                        vcpus),
                           nodes_str, vcpus, memory_str, disk_str);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->totals_row), title);
  adw_action_row_set_subtitle (self->totals_row, subtitle);
  adw_action_row_set_subtitle_lines (self->totals_row, 0);
  gtk_widget_set_visible (self->retry_button, self->host_failed);
}

/* Refresh ---------------------------------------------------------------- */

static void
refresh_now (SlipwayWizard *self)
{
  g_autoptr(SlipwaySpec) spec = slipway_wizard_dup_spec (self);
  g_autoptr(SlipwayPlan) plan = NULL;

  g_clear_handle_id (&self->refresh_source, g_source_remove);

  g_ptr_array_set_size (self->problems, 0);
  slipway_spec_validate (spec, self->problems);
  /* The image files are the full check's to look at, in its thread. */
  if (self->host_info != NULL)
    slipway_host_info_check_spec_without_files (self->host_info, spec, self->problems);

  /* What the full check of this very spec found besides. */
  if (self->checked_spec != NULL && self->check_problems != NULL &&
      slipway_spec_equal (self->checked_spec, spec))
    for (guint i = 0; i < self->check_problems->len; i++)
      {
        SlipwayProblem *problem = g_ptr_array_index (self->check_problems, i);

        if (!problem_in (self->problems, problem))
          g_ptr_array_add (self->problems, slipway_problem_copy (problem));
      }

  if (self->check_error != NULL)
    g_ptr_array_add (self->problems, slipway_problem_new (NULL, NULL, FALSE, "%s", self->check_error));

  show_problems (self, spec);
  plan = _slipway_wizard_plan_of (self, spec);
  slipway_topology_view_set_plan (self->topology_view, plan);
  update_totals (self, spec);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "review") == 0 &&
      (self->reviewed_spec == NULL || !slipway_spec_equal (self->reviewed_spec, spec)))
    {
      _slipway_wizard_update_review (self, spec);
      g_clear_pointer (&self->reviewed_spec, slipway_spec_free);
      self->reviewed_spec = slipway_spec_copy (spec);
    }

  if (slipway_is_valid_name (spec->name))
    {
      g_autofree char *dir = slipway_cluster_dir (spec->name);
      g_autofree char *subtitle = NULL;

      /* Translators: %s is a folder */
      subtitle = g_strdup_printf (_("Slipway makes an SSH key for this cluster and keeps it in %s. "
                                    "Its terminals log in to the nodes with it, and so can you."),
                                  dir);
      adw_action_row_set_subtitle (self->cluster_key_row, subtitle);
    }

  _slipway_wizard_actions_update (self);
}

static gboolean
refresh_cb (gpointer data)
{
  SlipwayWizard *self = data;

  self->refresh_source = 0;
  refresh_now (self);

  return G_SOURCE_REMOVE;
}

/* Queues one refresh; several changes in a row make one. It runs before
 * the next frame is drawn (the frame clock's priority is lower). */
void
_slipway_wizard_refresh (SlipwayWizard *self)
{
  if (self->refresh_source == 0)
    self->refresh_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_cb, self, NULL);
}

/* Runs a queued refresh now, for the getters: what they say is current. */
void
_slipway_wizard_flush (SlipwayWizard *self)
{
  if (self->refresh_source != 0)
    refresh_now (self);
}

/* The full check ------------------------------------------------------------ */

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SlipwayWizard) self = user_data;
  g_autoptr(SlipwayPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  const SlipwaySpec *resolved;

  plan = slipway_connection_plan_finish (SLIPWAY_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->checking = FALSE;
  g_clear_pointer (&self->check_error, g_free);
  g_clear_pointer (&self->check_problems, g_ptr_array_unref);
  g_clear_pointer (&self->checked_spec, slipway_spec_free);
  g_clear_object (&self->plan);

  if (plan == NULL)
    {
      g_debug ("Checking the cluster on %s failed: %s", self->uri, error->message);
      self->check_error = g_strdup (error->message);
      g_clear_pointer (&self->pending_spec, slipway_spec_free);
      _slipway_wizard_refresh (self);
      return;
    }

  self->checked_spec = g_steal_pointer (&self->pending_spec);
  self->check_problems = g_ptr_array_ref (slipway_plan_get_problems (plan));
  self->plan = g_object_ref (plan);
  resolved = slipway_plan_get_spec (plan);

  /* Pre-fill the subnet with the free one the core picked. */
  if (self->checked_spec->subnet == NULL && resolved->subnet != NULL &&
      _slipway_wizard_entry_text (self->subnet_row)[0] == '\0')
    {
      _slipway_wizard_set_entry_text (self, self->subnet_row, resolved->subnet);
      _slipway_wizard_changed (self);
      return;
    }

  _slipway_wizard_refresh (self);
}

static gboolean
run_check_cb (gpointer data)
{
  SlipwayWizard *self = data;

  self->check_source = 0;

  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  self->check_cancellable = g_cancellable_new ();

  g_clear_pointer (&self->pending_spec, slipway_spec_free);
  self->pending_spec = slipway_wizard_dup_spec (self);
  slipway_connection_plan_async (self->connection, self->pending_spec, self->check_cancellable,
                                 check_cb, g_object_ref (self));

  return G_SOURCE_REMOVE;
}

static void
schedule_check (SlipwayWizard *self)
{
  g_clear_handle_id (&self->check_source, g_source_remove);
  /* A check of an older spec is worthless now. */
  g_cancellable_cancel (self->check_cancellable);
  self->checking = TRUE;
  self->check_source = g_timeout_add (CHECK_DELAY_MS, run_check_cb, self);
}

void
_slipway_wizard_changed (SlipwayWizard *self)
{
  if (self->updating > 0 || self->creating)
    return;

  _slipway_wizard_form_sync_lb (self);
  schedule_check (self);
  _slipway_wizard_refresh (self);
}

/* Host facts --------------------------------------------------------------- */

static void
host_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SlipwayWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  SlipwayHostInfo *info = slipway_connection_query_host_finish (SLIPWAY_CONNECTION (object), result, &error);

  if (info == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Not busy for ever: say what failed, under the totals. */
      g_debug ("Could not query the host %s: %s", self->uri, error->message);
      self->host_failed = TRUE;
      g_free (self->host_error);
      self->host_error = g_strdup (error->message);
      _slipway_wizard_refresh (self);
      return;
    }

  g_clear_pointer (&self->host_info, slipway_host_info_free);
  self->host_info = info;
  _slipway_wizard_arch_update (self);
  _slipway_wizard_show_catalog (self);
  _slipway_wizard_refresh (self);
}

/* Asks the host again, and checks again: for "Try Again" after a failure. */
void
_slipway_wizard_retry_host (SlipwayWizard *self)
{
  _slipway_wizard_query_host (self);
  schedule_check (self);
  _slipway_wizard_refresh (self);
}

void
_slipway_wizard_check_init (SlipwayWizard *self)
{
  self->retry_button = gtk_button_new_with_mnemonic (_("_Try Again"));
  gtk_widget_set_valign (self->retry_button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->retry_button), "wizard.retry-host");
  gtk_widget_set_visible (self->retry_button, FALSE);
  adw_action_row_add_suffix (self->totals_row, self->retry_button);
}

void
_slipway_wizard_query_host (SlipwayWizard *self)
{
  self->host_failed = FALSE;
  g_clear_pointer (&self->host_error, g_free);
  slipway_connection_query_host_async (self->connection, self->cancellable, host_cb, g_object_ref (self));
}
