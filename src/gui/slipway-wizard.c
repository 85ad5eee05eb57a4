/* slipway-wizard.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-topology-view.h"
#include "slipway-window.h"
#include "slipway-wizard.h"

/* The New Cluster wizard. The widgets edit a SlipwaySpec; after every change
 * the spec is checked by the core's own validator and against this host
 * (slipway_spec_validate() and slipway_host_info_check_spec(), at once, then
 * slipway_provisioner_check_async() after a pause, as `slipwayctl create`
 * would), and each problem is shown under the field its group and key name.
 * Create stays disabled while any error remains. */

#define CHECK_DELAY_MS 300
#define GIB            (G_GUINT64_CONSTANT (1024) * 1024 * 1024)
#define MIB            (G_GUINT64_CONSTANT (1024) * 1024)

static const char * const pages[] = { "cluster", "image", "topology", "access", "review" };

typedef struct
{
  AdwPreferencesGroup *group;
  GtkSpinButton       *count;
  GtkSpinButton       *vcpus;
  GtkSpinButton       *memory;
  GtkSpinButton       *disk;
  AdwActionRow        *message;
} RoleWidgets;

struct _SlipwayWizard
{
  AdwWindow             parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkButton            *cancel_button;
  GtkButton            *back_button;
  GtkButton            *next_button;
  GtkButton            *create_button;
  GtkMenuButton        *menu_button;
  GtkStack             *stack;
  AdwEntryRow          *name_row;
  AdwActionRow         *name_message;
  AdwEntryRow          *domain_row;
  AdwActionRow         *domain_message;
  AdwComboRow          *network_row;
  AdwEntryRow          *subnet_row;
  AdwActionRow         *subnet_message;
  GtkSpinner           *check_spinner;
  AdwActionRow         *image_row;
  AdwActionRow         *image_message;
  AdwActionRow         *download_row;
  GtkProgressBar       *download_bar;
  AdwPreferencesGroup  *user_group;
  AdwEntryRow          *user_row;
  AdwActionRow         *user_message;
  AdwPreferencesGroup  *catalog_group;
  AdwExpanderRow       *add_image_row;
  AdwEntryRow          *add_url_row;
  AdwEntryRow          *add_sums_row;
  AdwEntryRow          *add_user_row;
  GtkBox               *topology_box;
  SlipwayTopologyView  *topology_view;
  AdwPreferencesGroup  *totals_group;
  AdwActionRow         *totals_row;
  AdwActionRow         *totals_message;
  AdwActionRow         *cluster_key_row;
  AdwPreferencesGroup  *keys_group;
  AdwActionRow         *keys_message;
  AdwPasswordEntryRow  *password_row;
  AdwActionRow         *password_message;
  GtkSwitch            *autologin_switch;
  AdwPreferencesGroup  *problems_group;
  AdwPreferencesGroup  *summary_group;
  AdwActionRow         *review_network_row;
  AdwActionRow         *review_image_row;
  AdwActionRow         *review_login_row;
  AdwPreferencesGroup  *nodes_group;
  GtkTextView          *file_view;
  AdwExpanderRow       *user_data_expander;
  GtkTextView          *user_data_view;
  GtkTextView          *xml_view;
  GtkLabel             *progress_title;
  GtkLabel             *progress_step;
  GtkProgressBar       *progress_bar;
  AdwActionRow         *progress_message;
  AdwPreferencesGroup  *progress_nodes_group;

  /* Widgets made in code */
  RoleWidgets           roles[SLIPWAY_N_ROLES];
  GPtrArray            *key_rows;          /* AdwActionRow*, "key" data */
  GPtrArray            *catalog_rows;      /* rows of catalog_group */
  GPtrArray            *problem_rows;      /* rows of problems_group */
  GPtrArray            *node_rows;         /* rows of nodes_group */
  GHashTable           *progress_rows;     /* node name → AdwActionRow */
  GtkCheckButton       *catalog_radio;     /* the group leader */

  /* Owned references */
  char                 *uri;
  SlipwayProvisioner   *provisioner;
  GSettings            *settings;
  SlipwaySpec          *base;              /* what the widgets do not hold */
  SlipwayHostInfo      *host_info;
  GPtrArray            *problems;          /* SlipwayProblem*, shown now */
  SlipwaySpec          *pending_spec;      /* being checked */
  SlipwaySpec          *checked_spec;      /* last checked */
  GPtrArray            *check_problems;    /* its problems */
  char                 *check_error;
  GPtrArray            *catalog;           /* SlipwayCatalogImage* */
  SlipwayDownload      *download;
  char                 *download_title;
  char                 *image_title;
  char                 *password_hash;
  GCancellable         *cancellable;       /* host facts, list, catalog */
  GCancellable         *check_cancellable;
  GCancellable         *download_cancellable;
  GCancellable         *create_cancellable;
  GtkFileChooserNative *chooser;
  gulong                progress_handler;
  guint                 check_source;
  guint                 updating;
  guint                 progress_steps_total;
  gboolean              domain_edited;
  gboolean              subnet_edited;
  gboolean              user_edited;
  gboolean              password_edited;
  gboolean              checking;
  gboolean              creating;
  gboolean              close_after_create;
  gboolean              name_chosen;
};

G_DEFINE_FINAL_TYPE (SlipwayWizard, slipway_wizard, ADW_TYPE_WINDOW)

enum {
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void slipway_wizard_changed (SlipwayWizard *self);
static void slipway_wizard_refresh (SlipwayWizard *self);

/* Helpers ------------------------------------------------------------------ */

static const char *
entry_text (gpointer editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

static void
set_entry_text (SlipwayWizard *self,
                gpointer       editable,
                const char    *text)
{
  self->updating++;
  gtk_editable_set_text (GTK_EDITABLE (editable), text != NULL ? text : "");
  self->updating--;
}

static char *
stripped (const char *text)
{
  return g_strstrip (g_strdup (text));
}

static int
page_index (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (g_strcmp0 (pages[i], name) == 0)
      return i;

  return -1;
}

static void
set_up_message_row (AdwActionRow *row)
{
  GtkWidget *icon = gtk_image_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_title_lines (row, 0);
  adw_action_row_add_prefix (row, icon);
  gtk_widget_add_css_class (GTK_WIDGET (row), "field-message");
  g_object_set_data (G_OBJECT (row), "icon", icon);
  gtk_widget_set_visible (GTK_WIDGET (row), FALSE);
}

static void
show_message (AdwActionRow *row,
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

static void
hide_message (AdwActionRow *row)
{
  gtk_widget_set_visible (GTK_WIDGET (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), "");
}

static void
toast (SlipwayWizard *self,
       const char    *message)
{
  /* Toast titles are markup in libadwaita 1.2. */
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *t = adw_toast_new (escaped);

  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static GtkSpinButton *
add_spin_row (AdwPreferencesGroup *group,
              const char          *title,
              double               lower,
              double               upper,
              double               step,
              guint                digits,
              SlipwayWizard       *self)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, step);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (group, row);
  g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (slipway_wizard_changed), self);

  return GTK_SPIN_BUTTON (spin);
}

static const char *
role_group_title (SlipwayRole role)
{
  switch (role)
    {
    case SLIPWAY_ROLE_GATEWAY:
      return _("Gateway");
    case SLIPWAY_ROLE_CONTROL:
      return _("Control Plane");
    case SLIPWAY_ROLE_WORKER:
      return _("Workers");
    default:
      g_assert_not_reached ();
    }
}

static const char *
role_group_description (SlipwayRole role)
{
  switch (role)
    {
    case SLIPWAY_ROLE_GATEWAY:
      return _("Load balancers in front of the Kubernetes API servers");
    case SLIPWAY_ROLE_CONTROL:
      return _("The Kubernetes control plane: API server, scheduler, etcd");
    case SLIPWAY_ROLE_WORKER:
      return _("The nodes that run the workloads");
    default:
      g_assert_not_reached ();
    }
}

static void
build_role_groups (SlipwayWizard *self)
{
  GtkWidget *after = gtk_widget_get_first_child (GTK_WIDGET (self->topology_box));

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    {
      RoleWidgets *w = &self->roles[r];

      w->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (w->group, role_group_title (r));
      adw_preferences_group_set_description (w->group, role_group_description (r));
      w->count = add_spin_row (w->group, _("_Nodes"), 0, SLIPWAY_MAX_NODES, 1, 0, self);
      w->vcpus = add_spin_row (w->group, _("_Virtual CPUs Each"), 1, 256, 1, 0, self);
      w->memory = add_spin_row (w->group, _("_Memory Each (GiB)"), 0.25, 1024, 0.25, 2, self);
      w->disk = add_spin_row (w->group, _("_Disk Each (GiB)"), 1, 65536, 1, 0, self);
      w->message = ADW_ACTION_ROW (adw_action_row_new ());
      adw_preferences_group_add (w->group, GTK_WIDGET (w->message));
      set_up_message_row (w->message);

      gtk_box_insert_child_after (self->topology_box, GTK_WIDGET (w->group), after);
      after = GTK_WIDGET (w->group);
    }
}

/* The spec --------------------------------------------------------------- */

static void
set_roles_from_spec (SlipwayWizard     *self,
                     const SlipwaySpec *spec)
{
  self->updating++;
  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    {
      const SlipwayRoleSpec *rs = &spec->roles[r];

      gtk_spin_button_set_value (self->roles[r].count, rs->count);
      gtk_spin_button_set_value (self->roles[r].vcpus, rs->vcpus);
      gtk_spin_button_set_value (self->roles[r].memory, (double)rs->memory_bytes / GIB);
      gtk_spin_button_set_value (self->roles[r].disk, (double)rs->disk_bytes / GIB);
    }
  self->updating--;
}

/**
 * slipway_wizard_dup_spec:
 *
 * Returns: (transfer full): the cluster as the wizard describes it now
 */
SlipwaySpec *
slipway_wizard_dup_spec (SlipwayWizard *self)
{
  SlipwaySpec *spec;
  g_autofree char *name = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *subnet = NULL;
  g_autofree char *user = NULL;
  GPtrArray *keys;

  g_return_val_if_fail (SLIPWAY_IS_WIZARD (self), NULL);

  spec = slipway_spec_copy (self->base);
  name = stripped (entry_text (self->name_row));
  domain = stripped (entry_text (self->domain_row));
  subnet = stripped (entry_text (self->subnet_row));
  user = stripped (entry_text (self->user_row));

  g_free (spec->name);
  spec->name = g_steal_pointer (&name);
  g_free (spec->domain);
  /* As in the file: an empty domain is NAME.test. */
  spec->domain = domain[0] != '\0' ? g_steal_pointer (&domain) : g_strconcat (spec->name, ".test", NULL);
  g_free (spec->subnet);
  spec->subnet = subnet[0] != '\0' ? g_steal_pointer (&subnet) : NULL;
  spec->network = adw_combo_row_get_selected (self->network_row) == 1
                  ? SLIPWAY_NETWORK_ISOLATED : SLIPWAY_NETWORK_NAT;
  g_free (spec->user);
  spec->user = g_steal_pointer (&user);

  keys = g_ptr_array_new ();
  for (guint i = 0; i < self->key_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->key_rows, i);
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "check");

      if (gtk_check_button_get_active (check))
        g_ptr_array_add (keys, g_strdup (g_object_get_data (G_OBJECT (row), "key")));
    }
  g_ptr_array_add (keys, NULL);
  g_strfreev (spec->ssh_authorized_keys);
  spec->ssh_authorized_keys = (char **)g_ptr_array_free (keys, FALSE);

  g_free (spec->password_hash);
  spec->password_hash = g_strdup (self->password_hash);
  spec->console_autologin = gtk_switch_get_active (self->autologin_switch);

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    {
      SlipwayRoleSpec *rs = &spec->roles[r];

      rs->count = (guint)gtk_spin_button_get_value_as_int (self->roles[r].count);
      rs->vcpus = (guint)gtk_spin_button_get_value_as_int (self->roles[r].vcpus);
      rs->memory_bytes = (guint64)(gtk_spin_button_get_value (self->roles[r].memory) * 1024 + 0.5) * MIB;
      rs->disk_bytes = (guint64)(gtk_spin_button_get_value (self->roles[r].disk) + 0.5) * GIB;
    }

  return spec;
}

/* Problems next to their fields -------------------------------------------- */

static AdwActionRow *
message_row_for (SlipwayWizard  *self,
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
  static GtkWidget *fields[8 + 4 * SLIPWAY_N_ROLES];
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

static gboolean
page_has_errors (SlipwayWizard *self,
                 const char    *page)
{
  for (guint i = 0; i < self->problems->len; i++)
    {
      SlipwayProblem *problem = g_ptr_array_index (self->problems, i);
      GtkWidget *field;
      const char *problem_page;

      if (problem->is_warning)
        continue;
      message_row_for (self, problem->group, problem->key, &field, &problem_page);
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

static void
show_problems (SlipwayWizard *self)
{
  g_autoptr(GHashTable) texts = g_hash_table_new_full (NULL, NULL, NULL, NULL);
  guint n_fields, n_rows;
  GtkWidget **fields = field_widgets (self, &n_fields);
  AdwActionRow **rows = message_rows (self, &n_rows);
  g_autoptr(GHashTable) errors = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) strings = g_hash_table_new_full (NULL, NULL, NULL, g_free);

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
      AdwActionRow *row = message_row_for (self, problem->group, problem->key, &field, &page);
      GString *text;

      if (field != NULL)
        gtk_widget_add_css_class (field, problem->is_warning ? "warning" : "error");

      /* Everything also goes to the list on the Review page, which leads back. */
      {
        GtkWidget *review_row = adw_action_row_new ();
        GtkWidget *icon = gtk_image_new_from_icon_name (problem->is_warning ? "dialog-warning-symbolic"
                                                                              : "dialog-error-symbolic");
        g_autofree char *where = slipway_problem_to_string (problem);

        adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (review_row), FALSE);
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (review_row), where);
        adw_action_row_set_title_lines (ADW_ACTION_ROW (review_row), 0);
        adw_action_row_add_prefix (ADW_ACTION_ROW (review_row), icon);
        gtk_widget_add_css_class (review_row, problem->is_warning ? "warning" : "error");
        gtk_widget_add_css_class (review_row, "field-message");
        if (g_strcmp0 (page, "review") != 0)
          {
            g_object_set_data (G_OBJECT (review_row), "page", (gpointer)page);
            gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (review_row), TRUE);
            adw_action_row_add_suffix (ADW_ACTION_ROW (review_row),
                                       gtk_image_new_from_icon_name ("go-next-symbolic"));
            g_signal_connect (review_row, "activated", G_CALLBACK (on_problem_row_activated_cb), self);
          }
        adw_preferences_group_add (self->problems_group, review_row);
        g_ptr_array_add (self->problem_rows, review_row);
      }

      if (row == NULL)
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
          hide_message (rows[i]);
          continue;
        }
      show_message (rows[i], text->str, !g_hash_table_contains (errors, rows[i]));
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

  return g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->totals_row)));
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
  g_autofree char *subtitle = NULL;

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

  if (self->host_info == NULL)
    subtitle = g_strdup (_("Asking this computer what it has…"));
  else if (self->host_info->memory_bytes > 0 && self->host_info->n_cpus > 0)
    {
      g_autofree char *host_memory = slipway_format_size (self->host_info->memory_bytes);

      /* Translators: a number of CPUs, then a size of memory */
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "This computer has %u CPU and %s of memory",
                                               "This computer has %u CPUs and %s of memory",
                                               self->host_info->n_cpus),
                                  self->host_info->n_cpus, host_memory);
    }
  else
    subtitle = g_strdup (_("This computer did not say how much memory it has"));
  adw_action_row_set_subtitle (self->totals_row, subtitle);
}

/* Review ----------------------------------------------------------------- */

static void
set_text_view (GtkTextView *view,
               const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text != NULL ? text : "", -1);
}

static void
update_review (SlipwayWizard     *self,
               const SlipwaySpec *spec)
{
  g_autoptr(SlipwayTopology) topology = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = slipway_spec_to_data (spec, TRUE);
  g_autofree char *network = NULL;
  g_autofree char *network_name = NULL;

  for (guint i = 0; i < self->node_rows->len; i++)
    adw_preferences_group_remove (self->nodes_group, g_ptr_array_index (self->node_rows, i));
  g_ptr_array_set_size (self->node_rows, 0);

  set_text_view (self->file_view, data);

  if (slipway_is_valid_name (spec->name))
    network_name = slipway_topology_network_name (spec->name);
  /* Translators: a libvirt network name, its subnet, then “NAT” or “isolated” */
  network = g_strdup_printf (_("%s · %s · %s"),
                             network_name != NULL ? network_name : "—",
                             spec->subnet != NULL ? spec->subnet : _("no subnet yet"),
                             spec->network == SLIPWAY_NETWORK_NAT ? _("NAT") : _("isolated"));
  adw_action_row_set_subtitle (self->review_network_row, network);
  adw_action_row_set_subtitle (self->review_image_row,
                               spec->image != NULL ? spec->image : _("None chosen"));
  adw_action_row_set_subtitle (self->review_login_row, spec->user);

  if (spec->subnet != NULL && slipway_is_valid_name (spec->name))
    topology = slipway_topology_new (spec, &error);

  if (topology == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("The nodes get their names and addresses once the name and "
                                       "subnet are right."));
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_preferences_group_add (self->nodes_group, row);
      g_ptr_array_add (self->node_rows, row);
      set_text_view (self->user_data_view, "");
      set_text_view (self->xml_view, "");
      return;
    }

  for (guint i = 0; i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *memory = slipway_format_size (node->memory_bytes);
      g_autofree char *disk = slipway_format_size (node->disk_bytes);
      g_autofree char *subtitle = NULL;

      /* Translators: an FQDN, an IPv4 address, a number of virtual CPUs, memory and disk sizes */
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%s · %s · %u vCPU · %s memory · %s disk",
                                               "%s · %s · %u vCPUs · %s memory · %s disk",
                                               node->vcpus),
                                  node->fqdn, node->ipv4, node->vcpus, memory, disk);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), node->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("computer-symbolic"));
      adw_preferences_group_add (self->nodes_group, row);
      g_ptr_array_add (self->node_rows, row);
    }

  {
    g_autofree char *xml = slipway_xml_network (topology, spec->network, data);
    const SlipwayNodeInfo *first = g_ptr_array_index (topology->nodes, 0);
    g_autoptr(GPtrArray) keys = g_ptr_array_new ();
    g_autofree char *user_data = NULL;
    g_autofree char *title = NULL;
    SlipwayCloudConfig config = { 0 };

    set_text_view (self->xml_view, xml);

    /* The cluster key is made at creation: show where it goes. */
    g_ptr_array_add (keys, (gpointer)_("ssh-ed25519 AAAA… (the cluster key, made when the cluster is created)"));
    for (guint i = 0; spec->ssh_authorized_keys != NULL && spec->ssh_authorized_keys[i] != NULL; i++)
      g_ptr_array_add (keys, spec->ssh_authorized_keys[i]);
    g_ptr_array_add (keys, NULL);

    config.instance_id = first->domain_name;
    config.hostname = first->name;
    config.fqdn = first->fqdn;
    config.user = spec->user;
    config.authorized_keys = (const char * const *)keys->pdata;
    config.password_hash = spec->password_hash;
    config.console_autologin = spec->console_autologin;
    user_data = slipway_cloud_init_user_data (&config, &error);
    set_text_view (self->user_data_view, user_data != NULL ? user_data : error->message);

    /* Translators: %s is a node name */
    title = g_strdup_printf (_("Cloud-Init User Data of %s"), first->name);
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->user_data_expander), title);
  }
}

/* State ------------------------------------------------------------------ */

static void
update_actions (SlipwayWizard *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  int index = page_index (page);
  gboolean on_progress = g_strcmp0 (page, "progress") == 0;
  gboolean is_review = g_strcmp0 (page, "review") == 0;
  g_autofree char *subtitle = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back",
                                 !self->creating && (index > 0 || on_progress));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.next",
                                 index >= 0 && index + 1 < (int)G_N_ELEMENTS (pages) &&
                                 !page_has_errors (self, page));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.create",
                                 slipway_wizard_get_can_create (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.save-as", !self->creating);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.download-cancel", self->download != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->create_button), is_review);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), index >= 0 && !is_review);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), !self->creating);
  gtk_button_set_label (self->cancel_button, self->creating ? _("_Stop") : _("_Cancel"));
  gtk_spinner_set_spinning (self->check_spinner, self->checking);
  gtk_widget_set_visible (GTK_WIDGET (self->check_spinner), self->checking);

  if (index >= 0)
    /* Translators: the step number, the number of steps, and the step's title */
    subtitle = g_strdup_printf (_("Step %d of %u: %s"), index + 1, (guint)G_N_ELEMENTS (pages),
                                gtk_stack_page_get_title (gtk_stack_get_page (self->stack,
                                                                              gtk_stack_get_visible_child (self->stack))));
  adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : "");
}

static void
slipway_wizard_refresh (SlipwayWizard *self)
{
  g_autoptr(SlipwaySpec) spec = slipway_wizard_dup_spec (self);

  g_ptr_array_set_size (self->problems, 0);
  slipway_spec_validate (spec, self->problems);
  if (self->host_info != NULL)
    slipway_host_info_check_spec (self->host_info, spec, self->problems);

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

  show_problems (self);
  slipway_topology_view_set_spec (self->topology_view, spec);
  update_totals (self, spec);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "review") == 0)
    update_review (self, spec);

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

  update_actions (self);
}

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SlipwayWizard) self = user_data;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(SlipwaySpec) resolved = NULL;
  g_autoptr(GError) error = NULL;

  problems = slipway_provisioner_check_finish (SLIPWAY_PROVISIONER (object), result, &resolved, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->checking = FALSE;
  g_clear_pointer (&self->check_error, g_free);
  g_clear_pointer (&self->check_problems, g_ptr_array_unref);
  g_clear_pointer (&self->checked_spec, slipway_spec_free);

  if (problems == NULL)
    {
      g_debug ("Checking the cluster on %s failed: %s", self->uri, error->message);
      self->check_error = g_strdup (error->message);
      g_clear_pointer (&self->pending_spec, slipway_spec_free);
      slipway_wizard_refresh (self);
      return;
    }

  self->checked_spec = g_steal_pointer (&self->pending_spec);
  self->check_problems = g_steal_pointer (&problems);

  /* Pre-fill the subnet with the free one the core picked. */
  if (self->checked_spec->subnet == NULL && resolved != NULL && resolved->subnet != NULL &&
      entry_text (self->subnet_row)[0] == '\0')
    {
      set_entry_text (self, self->subnet_row, resolved->subnet);
      slipway_wizard_changed (self);
      return;
    }

  slipway_wizard_refresh (self);
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
  slipway_provisioner_check_async (self->provisioner, self->pending_spec, self->check_cancellable,
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

static void
slipway_wizard_changed (SlipwayWizard *self)
{
  if (self->updating > 0 || self->creating)
    return;

  schedule_check (self);
  slipway_wizard_refresh (self);
}

/* Template callbacks ------------------------------------------------------- */

static void
on_field_changed_cb (SlipwayWizard *self)
{
  slipway_wizard_changed (self);
}

static void
on_name_row_changed_cb (SlipwayWizard *self)
{
  g_autofree char *name = NULL;

  if (self->updating > 0)
    return;

  name = stripped (entry_text (self->name_row));
  self->name_chosen = TRUE;

  /* The domain and the picked subnet follow the name until edited. */
  if (!self->domain_edited)
    {
      g_autofree char *domain = g_strconcat (name, ".test", NULL);

      set_entry_text (self, self->domain_row, name[0] != '\0' ? domain : "");
    }
  if (!self->subnet_edited)
    set_entry_text (self, self->subnet_row, "");

  slipway_wizard_changed (self);
}

static void
on_domain_row_changed_cb (SlipwayWizard *self)
{
  if (self->updating > 0)
    return;

  self->domain_edited = TRUE;
  slipway_wizard_changed (self);
}

static void
on_subnet_row_changed_cb (SlipwayWizard *self)
{
  if (self->updating > 0)
    return;

  self->subnet_edited = entry_text (self->subnet_row)[0] != '\0';
  slipway_wizard_changed (self);
}

static void
on_user_row_changed_cb (SlipwayWizard *self)
{
  if (self->updating > 0)
    return;

  self->user_edited = TRUE;
  slipway_wizard_changed (self);
}

static void
on_password_row_changed_cb (SlipwayWizard *self)
{
  const char *password = entry_text (self->password_row);
  g_autoptr(GError) error = NULL;

  if (self->updating > 0)
    return;

  /* Only the hash is kept, never the password. */
  g_clear_pointer (&self->password_hash, g_free);
  if (password[0] != '\0')
    {
      self->password_hash = slipway_hash_password (password, &error);
      if (self->password_hash == NULL)
        toast (self, error->message);
    }
  self->password_edited = TRUE;
  slipway_wizard_changed (self);
}

static void
on_stack_visible_child_name_cb (SlipwayWizard *self)
{
  if (self->problems == NULL)
    return;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "review") == 0)
    slipway_wizard_refresh (self);
  else
    update_actions (self);
}

/* Image ------------------------------------------------------------------ */

/**
 * slipway_wizard_set_image:
 * @path: a cloud image file
 * @title: (nullable): what to call it
 * @user: (nullable): its default user; kept unless the user edited the login
 */
void
slipway_wizard_set_image (SlipwayWizard *self,
                          const char    *path,
                          const char    *title,
                          const char    *user)
{
  g_autofree char *base = NULL;

  g_return_if_fail (SLIPWAY_IS_WIZARD (self));
  g_return_if_fail (path != NULL);

  g_free (self->base->image);
  self->base->image = g_strdup (path);

  base = g_path_get_basename (path);
  g_free (self->image_title);
  self->image_title = g_strdup (title != NULL ? title : base);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->image_row), self->image_title);
  adw_action_row_set_subtitle (self->image_row, path);

  if (user != NULL && !self->user_edited)
    set_entry_text (self, self->user_row, user);

  slipway_wizard_changed (self);
}

static const char *
guess_distro (const char *file_name)
{
  static const char * const distros[] = {
    "debian", "ubuntu", "fedora", "centos", "rocky", "almalinux", "opensuse", "rhel",
  };
  g_autofree char *lower = g_ascii_strdown (file_name, -1);

  for (guint i = 0; i < G_N_ELEMENTS (distros); i++)
    if (strstr (lower, distros[i]) != NULL)
      return distros[i];

  return NULL;
}

/**
 * slipway_wizard_import_image:
 * @file: a local cloud image
 *
 * Uses @file as the image and keeps it in the user's catalog.
 */
gboolean
slipway_wizard_import_image (SlipwayWizard  *self,
                             GFile          *file,
                             GError        **error)
{
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;
  g_autoptr(SlipwayCatalogImage) image = slipway_catalog_image_new ();
  const char *source = NULL;

  g_return_val_if_fail (SLIPWAY_IS_WIZARD (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error_literal (error, SLIPWAY_ERROR, SLIPWAY_ERROR_IMAGE,
                           _("Only a file on this computer can be an image."));
      return FALSE;
    }

  base = g_path_get_basename (path);
  image->path = g_strdup (path);
  image->title = g_strdup (base);
  image->distro = g_strdup (guess_distro (base));
  image->user = g_strdup (slipway_catalog_default_user (image->distro, &source));
  if (!slipway_catalog_add_user_image (image, error))
    return FALSE;

  slipway_wizard_set_image (self, path, base, image->user);
  adw_preferences_group_set_description (self->user_group, source);

  return TRUE;
}

static void
on_download_received_cb (SlipwayDownload *download,
                         GParamSpec      *pspec,
                         SlipwayWizard   *self)
{
  guint64 received = slipway_download_get_received (download);
  guint64 total = slipway_download_get_total (download);
  g_autofree char *got = g_format_size_full (received, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *subtitle = NULL;

  if (total > 0)
    {
      g_autofree char *all = g_format_size_full (total, G_FORMAT_SIZE_IEC_UNITS);

      /* Translators: two sizes, "120 MiB of 340 MiB" */
      subtitle = g_strdup_printf (_("%s of %s"), got, all);
      gtk_progress_bar_set_fraction (self->download_bar, slipway_download_get_progress (download));
    }
  else
    {
      subtitle = g_strdup (got);
      gtk_progress_bar_pulse (self->download_bar);
    }
  adw_action_row_set_subtitle (self->download_row, subtitle);
}

static void
download_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SlipwayWizard) self = user_data;
  SlipwayDownload *download = SLIPWAY_DOWNLOAD (object);
  g_autoptr(GError) error = NULL;
  const SlipwayCatalogImage *image = g_object_get_data (object, "image");

  if (!slipway_download_run_finish (download, result, &error))
    {
      if (self->download != download)
        return;

      gtk_widget_add_css_class (GTK_WIDGET (self->download_row), "error");
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->download_row),
                                         _("Download stopped"));
          adw_action_row_set_subtitle (self->download_row, _("Nothing was kept."));
        }
      else
        {
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->download_row),
                                         _("Download failed"));
          adw_action_row_set_subtitle (self->download_row, error->message);
        }
      gtk_widget_set_visible (GTK_WIDGET (self->download_bar), FALSE);
      g_clear_object (&self->download);
      update_actions (self);
      return;
    }

  if (self->download != download)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->download_row), FALSE);
  toast (self, slipway_download_get_verified (download)
               ? _("Downloaded, and its checksum matches")
               : _("Downloaded; its distribution publishes no checksum to verify it"));
  g_clear_object (&self->download);
  if (image->user_source != NULL)
    adw_preferences_group_set_description (self->user_group, image->user_source);
  slipway_wizard_set_image (self, slipway_download_get_destination (download), image->title, image->user);
}

static void
choose_catalog_image (SlipwayWizard             *self,
                      const SlipwayCatalogImage *image)
{
  g_autofree char *local = slipway_catalog_image_local_path (image);
  g_autofree char *destination = NULL;
  g_autofree char *title = NULL;

  g_cancellable_cancel (self->download_cancellable);
  g_clear_object (&self->download_cancellable);
  g_clear_object (&self->download);
  gtk_widget_set_visible (GTK_WIDGET (self->download_row), FALSE);

  if (local != NULL)
    {
      if (image->user_source != NULL)
        adw_preferences_group_set_description (self->user_group, image->user_source);
      slipway_wizard_set_image (self, local, image->title, image->user);
      return;
    }

  destination = slipway_catalog_image_cache_path (image);
  self->download = slipway_download_new (image->url, destination);
  slipway_download_set_checksum_url (self->download, image->checksum_url);
  g_object_set_data_full (G_OBJECT (self->download), "image",
                          slipway_catalog_image_copy (image), (GDestroyNotify)slipway_catalog_image_free);
  g_signal_connect_object (self->download, "notify::received",
                           G_CALLBACK (on_download_received_cb), self, 0);
  self->download_cancellable = g_cancellable_new ();

  /* Translators: %s is an image title */
  title = g_strdup_printf (_("Downloading %s"), image->title);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->download_row), title);
  adw_action_row_set_subtitle (self->download_row, _("Connecting…"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->download_row), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->download_bar), TRUE);
  gtk_progress_bar_set_fraction (self->download_bar, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->download_row), TRUE);

  slipway_download_run_async (self->download, self->download_cancellable, download_cb, g_object_ref (self));
  update_actions (self);
}

static void
on_catalog_check_toggled_cb (GtkCheckButton *check,
                             SlipwayWizard  *self)
{
  const SlipwayCatalogImage *image = g_object_get_data (G_OBJECT (check), "image");

  if (gtk_check_button_get_active (check) && self->updating == 0)
    choose_catalog_image (self, image);
}

static const char *
distro_title (const char *distro)
{
  static const struct { const char *id, *title; } titles[] = {
    { "debian", "Debian" }, { "ubuntu", "Ubuntu" }, { "fedora", "Fedora" },
    { "centos", "CentOS" }, { "rocky", "Rocky Linux" }, { "almalinux", "AlmaLinux" },
    { "opensuse", "openSUSE" }, { "altlinux", "ALT Linux" }, { "alt", "ALT Linux" },
    { "ucs", "Univention" },
  };

  for (guint i = 0; distro != NULL && i < G_N_ELEMENTS (titles); i++)
    if (g_str_equal (distro, titles[i].id))
      return titles[i].title;

  return distro != NULL ? distro : _("Other");
}

static void
build_catalog_rows (SlipwayWizard *self)
{
  AdwExpanderRow *expander = NULL;
  const char *current = NULL;
  guint in_expander = 0;

  for (guint i = 0; i < self->catalog_rows->len; i++)
    adw_preferences_group_remove (self->catalog_group, g_ptr_array_index (self->catalog_rows, i));
  g_ptr_array_set_size (self->catalog_rows, 0);
  self->catalog_radio = NULL;

  for (guint i = 0; self->catalog != NULL && i < self->catalog->len; i++)
    {
      SlipwayCatalogImage *image = g_ptr_array_index (self->catalog, i);
      const char *section = image->is_user ? _("Your Images") : distro_title (image->distro);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *local = slipway_catalog_image_local_path (image);
      g_autofree char *subtitle = NULL;

      if (expander == NULL || g_strcmp0 (section, current) != 0)
        {
          if (expander != NULL)
            {
              g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u image", "%u images",
                                                                     in_expander), in_expander);
              adw_expander_row_set_subtitle (expander, count);
            }
          expander = ADW_EXPANDER_ROW (adw_expander_row_new ());
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), section);
          adw_expander_row_set_expanded (expander, image->is_user);
          adw_preferences_group_add (self->catalog_group, GTK_WIDGET (expander));
          g_ptr_array_add (self->catalog_rows, expander);
          current = section;
          in_expander = 0;
        }

      if (local != NULL)
        subtitle = g_strdup (_("On this computer"));
      else if (image->checksum_url != NULL)
        {
          g_autoptr(GUri) uri = g_uri_parse (image->url, G_URI_FLAGS_NONE, NULL);

          /* Translators: %s is a web server's name */
          subtitle = g_strdup_printf (_("Download from %s, checked against its published checksums"),
                                      uri != NULL ? g_uri_get_host (uri) : image->url);
        }
      else
        {
          g_autoptr(GUri) uri = g_uri_parse (image->url, G_URI_FLAGS_NONE, NULL);

          /* Translators: %s is a web server's name */
          subtitle = g_strdup_printf (_("Download from %s; no checksums published to check it"),
                                      uri != NULL ? g_uri_get_host (uri) : image->url);
        }

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), image->title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      if (self->catalog_radio == NULL)
        self->catalog_radio = GTK_CHECK_BUTTON (check);
      else
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), self->catalog_radio);
      self->updating++;
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   local != NULL && g_strcmp0 (local, self->base->image) == 0);
      self->updating--;
      g_object_set_data_full (G_OBJECT (check), "image", slipway_catalog_image_copy (image),
                              (GDestroyNotify)slipway_catalog_image_free);
      g_signal_connect (check, "toggled", G_CALLBACK (on_catalog_check_toggled_cb), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_expander_row_add_row (expander, row);
      in_expander++;
    }

  if (expander != NULL)
    {
      g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u image", "%u images",
                                                             in_expander), in_expander);
      adw_expander_row_set_subtitle (expander, count);
    }
}

static void
catalog_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *catalog = slipway_catalog_load (NULL, &error);

  if (catalog == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, catalog, (GDestroyNotify)g_ptr_array_unref);
}

static void
catalog_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SlipwayWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *catalog = g_task_propagate_pointer (G_TASK (result), &error);

  if (catalog == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_preferences_group_set_description (self->catalog_group, error->message);
      return;
    }

  g_clear_pointer (&self->catalog, g_ptr_array_unref);
  self->catalog = catalog;
  build_catalog_rows (self);
}

static void
load_catalog (SlipwayWizard *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, catalog_cb, g_object_ref (self));

  g_task_set_source_tag (task, load_catalog);
  g_task_run_in_thread (task, catalog_worker);
}

/* Keys ------------------------------------------------------------------- */

static GtkWidget *
add_key_row (SlipwayWizard *self,
             const char    *key,
             const char    *origin,
             gboolean       active)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  g_auto(GStrv) fields = g_strsplit_set (key, " \t", 3);
  const char *comment = fields[0] != NULL && fields[1] != NULL && fields[2] != NULL ? fields[2] : NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: a key type ("ssh-ed25519"), then where it comes from */
  subtitle = g_strdup_printf (_("%s · %s"), fields[0] != NULL ? fields[0] : "", origin);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), comment != NULL ? comment : origin);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
  g_signal_connect_swapped (check, "toggled", G_CALLBACK (slipway_wizard_changed), self);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_object_set_data (G_OBJECT (row), "check", check);
  g_object_set_data_full (G_OBJECT (row), "key", g_strdup (key), g_free);
  adw_preferences_group_add (self->keys_group, row);
  g_ptr_array_add (self->key_rows, row);

  return row;
}

static void
load_user_keys (SlipwayWizard *self)
{
  g_autofree char *dir_path = g_build_filename (g_get_home_dir (), ".ssh", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".pub"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc)g_strcmp0);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir_path, g_ptr_array_index (names, i), NULL);
      g_autofree char *contents = NULL;
      g_autofree char *display = NULL;
      char *newline;

      if (!g_file_get_contents (path, &contents, NULL, NULL))
        continue;
      newline = strchr (contents, '\n');
      if (newline != NULL)
        *newline = '\0';
      g_strstrip (contents);
      if (contents[0] == '\0')
        continue;

      /* Translators: %s is a file name in ~/.ssh */
      display = g_strdup_printf (_("~/.ssh/%s"), (char *)g_ptr_array_index (names, i));
      add_key_row (self, contents, display, FALSE);
    }

  if (self->key_rows->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No public keys in ~/.ssh"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Make one with “ssh-keygen -t ed25519” to log in from your own "
                                     "terminal too."));
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_preferences_group_add (self->keys_group, row);
      g_object_set_data (G_OBJECT (self), "no-keys-row", row);
    }
}

/* Create ------------------------------------------------------------------- */

static GtkWidget *
progress_row_new (SlipwayWizard *self,
                  const char    *title)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *bar = gtk_progress_bar_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Waiting"));
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (bar, 120, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
  g_object_set_data (G_OBJECT (row), "bar", bar);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("computer-symbolic"));
  adw_preferences_group_add (self->progress_nodes_group, row);

  return row;
}

/**
 * slipway_wizard_get_node_progress:
 *
 * Returns: (transfer none) (nullable): the progress row of @node while creating
 */
GtkWidget *
slipway_wizard_get_node_progress (SlipwayWizard *self,
                                  const char    *node)
{
  g_return_val_if_fail (SLIPWAY_IS_WIZARD (self), NULL);

  return g_hash_table_lookup (self->progress_rows, node);
}

static void
on_progress_cb (SlipwayProvisioner    *provisioner,
                const SlipwayProgress *progress,
                SlipwayWizard         *self)
{
  GtkWidget *row;
  guint steps;

  if (!self->creating || progress->operation != SLIPWAY_OPERATION_CREATE)
    return;

  gtk_progress_bar_set_fraction (self->progress_bar, progress->fraction);

  if (progress->node == NULL || (row = g_hash_table_lookup (self->progress_rows, progress->node)) == NULL)
    {
      gtk_label_set_text (self->progress_step, progress->step);
      return;
    }

  /* The core reports each node's steps in order, the last one "Started":
   * a node's bar counts its steps. */
  steps = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "steps")) + 1;
  g_object_set_data (G_OBJECT (row), "steps", GUINT_TO_POINTER (steps));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), progress->step);
  gtk_progress_bar_set_fraction (g_object_get_data (G_OBJECT (row), "bar"),
                                 MIN (1.0, (double)steps / self->progress_steps_total));
}

static void
open_in_main_window (SlipwayWizard *self,
                     const char    *cluster)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (!SLIPWAY_IS_WINDOW (parent) && app != NULL)
    for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
      if (SLIPWAY_IS_WINDOW (l->data) &&
          g_strcmp0 (slipway_window_get_uri (l->data), self->uri) == 0)
        parent = l->data;

  if (SLIPWAY_IS_WINDOW (parent))
    {
      slipway_window_open_cluster (SLIPWAY_WINDOW (parent), cluster);
      gtk_window_present (parent);
    }
}

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SlipwayWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup (g_object_get_data (G_OBJECT (self), "creating-name"));

  self->creating = FALSE;
  g_clear_object (&self->create_cancellable);

  if (!slipway_provisioner_create_finish (SLIPWAY_PROVISIONER (object), result, &error))
    {
      gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

      gtk_label_set_text (self->progress_title, cancelled ? _("Stopped")
                                                          : _("The cluster could not be created"));
      gtk_label_set_text (self->progress_step, "");
      show_message (self->progress_message, error->message, cancelled);
      update_actions (self);
      if (self->close_after_create)
        gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
  gtk_label_set_text (self->progress_title, _("Cluster created"));
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-cluster", name);

  g_signal_emit (self, signals[CREATED], 0, name);
  open_in_main_window (self, name);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
slipway_wizard_create_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  SlipwayWizard *self = SLIPWAY_WIZARD (widget);
  g_autoptr(SlipwaySpec) spec = slipway_wizard_dup_spec (self);
  g_autoptr(SlipwayTopology) topology = NULL;

  if (!slipway_wizard_get_can_create (self))
    return;

  topology = slipway_topology_new (spec, NULL);

  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, self->progress_rows);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      adw_preferences_group_remove (self->progress_nodes_group, value);
    g_hash_table_remove_all (self->progress_rows);
  }

  for (guint i = 0; topology != NULL && i < topology->nodes->len; i++)
    {
      const SlipwayNodeInfo *node = g_ptr_array_index (topology->nodes, i);

      g_hash_table_insert (self->progress_rows, g_strdup (node->name),
                           progress_row_new (self, node->name));
    }
  /* Creating the disk, writing the seed, defining, starting, started. */
  self->progress_steps_total = 5;

  /* Translators: %s is a cluster name */
  {
    g_autofree char *title = g_strdup_printf (_("Creating “%s”"), spec->name);
    gtk_label_set_text (self->progress_title, title);
  }
  gtk_label_set_text (self->progress_step, _("Starting"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  hide_message (self->progress_message);

  g_object_set_data_full (G_OBJECT (self), "creating-name", g_strdup (spec->name), g_free);
  self->creating = TRUE;
  self->create_cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->stack, "progress");
  update_actions (self);

  slipway_provisioner_create_async (self->provisioner, spec, self->create_cancellable,
                                    create_cb, g_object_ref (self));
}

/* Actions ---------------------------------------------------------------- */

static void
slipway_wizard_next_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  SlipwayWizard *self = SLIPWAY_WIZARD (widget);
  int index = page_index (gtk_stack_get_visible_child_name (self->stack));

  if (index >= 0 && index + 1 < (int)G_N_ELEMENTS (pages))
    gtk_stack_set_visible_child_name (self->stack, pages[index + 1]);
}

static void
slipway_wizard_back_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  SlipwayWizard *self = SLIPWAY_WIZARD (widget);
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  int index = page_index (page);

  if (g_strcmp0 (page, "progress") == 0)
    gtk_stack_set_visible_child_name (self->stack, "review");
  else if (index > 0)
    gtk_stack_set_visible_child_name (self->stack, pages[index - 1]);
}

static void
slipway_wizard_cancel_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  SlipwayWizard *self = SLIPWAY_WIZARD (widget);

  /* The core rolls back what it made, then create_cb says so. */
  if (self->creating)
    {
      g_cancellable_cancel (self->create_cancellable);
      gtk_label_set_text (self->progress_step, _("Stopping and removing what was made…"));
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
slipway_wizard_pick_subnet_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  SlipwayWizard *self = SLIPWAY_WIZARD (widget);

  self->subnet_edited = FALSE;
  set_entry_text (self, self->subnet_row, "");
  slipway_wizard_changed (self);
}

static void
slipway_wizard_download_cancel_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *parameter)
{
  SlipwayWizard *self = SLIPWAY_WIZARD (widget);

  g_cancellable_cancel (self->download_cancellable);
}

static void
on_import_response_cb (GtkNativeDialog *dialog,
                       int              response,
                       SlipwayWizard   *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      if (file != NULL && !slipway_wizard_import_image (self, file, &error))
        toast (self, error->message);
      else if (self->catalog != NULL)
        load_catalog (self);
    }

  g_clear_object (&self->chooser);
}

static void
slipway_wizard_import_image_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  SlipwayWizard *self = SLIPWAY_WIZARD (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Disk Images"));
  gtk_file_filter_add_pattern (filter, "*.qcow2");
  gtk_file_filter_add_pattern (filter, "*.img");
  gtk_file_filter_add_pattern (filter, "*.raw");
  gtk_file_filter_add_mime_type (filter, "application/x-qemu-disk");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Import a Cloud Image"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), NULL);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_import_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
slipway_wizard_add_image_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  SlipwayWizard *self = SLIPWAY_WIZARD (widget);
  g_autoptr(SlipwayCatalogImage) image = slipway_catalog_image_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = stripped (entry_text (self->add_url_row));
  g_autofree char *sums = stripped (entry_text (self->add_sums_row));
  g_autofree char *user = stripped (entry_text (self->add_user_row));
  g_autofree char *base = NULL;
  const char *slash;

  if (url[0] == '\0')
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->add_url_row), "error");
      return;
    }

  slash = strrchr (url, '/');
  base = g_strdup (slash != NULL && slash[1] != '\0' ? slash + 1 : url);
  image->url = g_strdup (url);
  image->title = g_strdup (base);
  image->checksum_url = sums[0] != '\0' ? g_strdup (sums) : slipway_catalog_guess_checksum_url (url);
  image->distro = g_strdup (guess_distro (base));
  image->user = user[0] != '\0' ? g_strdup (user) : g_strdup (slipway_catalog_default_user (image->distro, NULL));

  if (!slipway_catalog_add_user_image (image, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->add_url_row), "error");
      toast (self, error->message);
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->add_url_row), "error");
  set_entry_text (self, self->add_url_row, "");
  set_entry_text (self, self->add_sums_row, "");
  set_entry_text (self, self->add_user_row, "");
  adw_expander_row_set_expanded (self->add_image_row, FALSE);
  toast (self, _("Added to your images"));
  load_catalog (self);
}

/**
 * slipway_wizard_save_to_file:
 *
 * Writes the cluster file, as `slipwayctl` reads it.
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
on_save_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     SlipwayWizard   *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      if (!slipway_wizard_save_to_file (self, file, &error))
        toast (self, error->message);
      else
        toast (self, _("Saved. “slipwayctl create” can build the cluster from it too."));
    }

  g_clear_object (&self->chooser);
}

static void
slipway_wizard_save_as_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  SlipwayWizard *self = SLIPWAY_WIZARD (widget);
  g_autofree char *name = stripped (entry_text (self->name_row));
  g_autofree char *file_name = g_strconcat (name[0] != '\0' ? name : "cluster", ".conf", NULL);

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Save the Cluster File"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), file_name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Start-up: a free name, the host's facts ---------------------------------- */

static void
host_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SlipwayWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  SlipwayHostInfo *info = slipway_provisioner_query_host_finish (SLIPWAY_PROVISIONER (object), result, &error);

  if (info == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not query the host %s: %s", self->uri, error->message);
      return;
    }

  g_clear_pointer (&self->host_info, slipway_host_info_free);
  self->host_info = info;
  slipway_wizard_refresh (self);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SlipwayWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) clusters = slipway_provisioner_list_finish (SLIPWAY_PROVISIONER (object), result, &error);
  g_autofree char *name = NULL;

  if (clusters == NULL || self->name_chosen)
    return;

  /* "lab", else "lab2", "lab3"…: a name no cluster here has. */
  for (guint n = 1; name == NULL; n++)
    {
      g_autofree char *candidate = n == 1 ? g_strdup ("lab") : g_strdup_printf ("lab%u", n);
      gboolean taken = FALSE;

      for (guint i = 0; i < clusters->len; i++)
        {
          SlipwayClusterStatus *status = g_ptr_array_index (clusters, i);

          if (g_strcmp0 (status->name, candidate) == 0)
            taken = TRUE;
        }
      if (!taken)
        name = g_steal_pointer (&candidate);
    }

  if (g_strcmp0 (name, entry_text (self->name_row)) != 0)
    {
      set_entry_text (self, self->name_row, name);
      on_name_row_changed_cb (self);
      self->name_chosen = FALSE;
    }
}

static void
apply_default_settings (SlipwayWizard *self)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();

  if (source == NULL)
    return;

  schema = g_settings_schema_source_lookup (source, "io.github.slipway.Slipway", TRUE);
  if (schema == NULL)
    return;

  self->settings = g_settings_new ("io.github.slipway.Slipway");

  /* The defaults for new clusters from Preferences, when this build has them. */
  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    {
      const char *role = slipway_role_to_string (r);
      SlipwayRoleSpec *rs = &self->base->roles[r];
      g_autofree char *count = g_strdup_printf ("default-%s-count", role);
      g_autofree char *vcpus = g_strdup_printf ("default-%s-vcpus", role);
      g_autofree char *memory = g_strdup_printf ("default-%s-memory-mib", role);
      g_autofree char *disk = g_strdup_printf ("default-%s-disk-gib", role);

      if (g_settings_schema_has_key (schema, count))
        rs->count = g_settings_get_uint (self->settings, count);
      if (g_settings_schema_has_key (schema, vcpus))
        rs->vcpus = g_settings_get_uint (self->settings, vcpus);
      if (g_settings_schema_has_key (schema, memory))
        rs->memory_bytes = g_settings_get_uint (self->settings, memory) * MIB;
      if (g_settings_schema_has_key (schema, disk))
        rs->disk_bytes = g_settings_get_uint (self->settings, disk) * GIB;
    }
}

/**
 * slipway_wizard_set_spec:
 * @spec: a cluster to start from, as read from a cluster file
 */
void
slipway_wizard_set_spec (SlipwayWizard     *self,
                         const SlipwaySpec *spec)
{
  g_return_if_fail (SLIPWAY_IS_WIZARD (self));
  g_return_if_fail (spec != NULL);

  g_clear_pointer (&self->base, slipway_spec_free);
  self->base = slipway_spec_copy (spec);
  self->name_chosen = TRUE;
  self->domain_edited = TRUE;
  self->subnet_edited = spec->subnet != NULL;
  self->user_edited = TRUE;

  set_entry_text (self, self->name_row, spec->name);
  set_entry_text (self, self->domain_row, spec->domain);
  set_entry_text (self, self->subnet_row, spec->subnet);
  set_entry_text (self, self->user_row, spec->user);
  self->updating++;
  adw_combo_row_set_selected (self->network_row, spec->network == SLIPWAY_NETWORK_ISOLATED ? 1 : 0);
  gtk_switch_set_active (self->autologin_switch, spec->console_autologin);
  self->updating--;
  set_roles_from_spec (self, spec);

  g_free (self->password_hash);
  self->password_hash = g_strdup (spec->password_hash);
  if (spec->password_hash != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row),
                                   _("Password (kept from the file; type to change)"));

  /* Keys from the file: ticked, and added when not among ~/.ssh's. */
  for (guint i = 0; i < self->key_rows->len; i++)
    gtk_check_button_set_active (g_object_get_data (g_ptr_array_index (self->key_rows, i), "check"), FALSE);
  for (guint k = 0; spec->ssh_authorized_keys != NULL && spec->ssh_authorized_keys[k] != NULL; k++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < self->key_rows->len; i++)
        {
          GObject *row = g_ptr_array_index (self->key_rows, i);

          if (g_strcmp0 (g_object_get_data (row, "key"), spec->ssh_authorized_keys[k]) == 0)
            {
              gtk_check_button_set_active (g_object_get_data (row, "check"), TRUE);
              found = TRUE;
            }
        }
      if (!found)
        add_key_row (self, spec->ssh_authorized_keys[k], _("from the cluster file"), TRUE);
    }
  {
    GtkWidget *no_keys = g_object_get_data (G_OBJECT (self), "no-keys-row");

    if (no_keys != NULL && self->key_rows->len > 0)
      gtk_widget_set_visible (no_keys, FALSE);
  }

  if (spec->image != NULL)
    {
      g_autofree char *base = g_path_get_basename (spec->image);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->image_row), base);
      adw_action_row_set_subtitle (self->image_row, spec->image);
    }

  slipway_wizard_changed (self);
}

/* Getters ---------------------------------------------------------------- */

/**
 * slipway_wizard_get_problems:
 *
 * Returns: (transfer none) (element-type SlipwayProblem): what is shown now
 */
GPtrArray *
slipway_wizard_get_problems (SlipwayWizard *self)
{
  g_return_val_if_fail (SLIPWAY_IS_WIZARD (self), NULL);

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

  row = message_row_for (self, group, key, &field, &page);
  if (row == NULL || !gtk_widget_get_visible (GTK_WIDGET (row)))
    return NULL;

  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

/**
 * slipway_wizard_get_busy:
 *
 * Returns: %TRUE while the host is being checked, an image downloads, or
 *   the cluster is being created
 */
gboolean
slipway_wizard_get_busy (SlipwayWizard *self)
{
  g_return_val_if_fail (SLIPWAY_IS_WIZARD (self), FALSE);

  return self->checking || self->creating || self->download != NULL ||
         self->host_info == NULL || self->catalog == NULL;
}

gboolean
slipway_wizard_get_can_create (SlipwayWizard *self)
{
  g_autoptr(SlipwaySpec) spec = NULL;

  g_return_val_if_fail (SLIPWAY_IS_WIZARD (self), FALSE);

  if (self->creating || self->checking || self->download != NULL || self->checked_spec == NULL ||
      self->check_error != NULL || slipway_problems_has_errors (self->problems))
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

/**
 * slipway_wizard_set_role:
 *
 * Sets a role's fields as a user would; for tests and for callers that
 * start from a known shape.
 */
void
slipway_wizard_set_role (SlipwayWizard *self,
                         SlipwayRole    role,
                         guint          count,
                         guint          vcpus,
                         guint64        memory_bytes,
                         guint64        disk_bytes)
{
  g_return_if_fail (SLIPWAY_IS_WIZARD (self));
  g_return_if_fail (role < SLIPWAY_N_ROLES);

  gtk_spin_button_set_value (self->roles[role].count, count);
  gtk_spin_button_set_value (self->roles[role].vcpus, vcpus);
  gtk_spin_button_set_value (self->roles[role].memory, (double)memory_bytes / GIB);
  gtk_spin_button_set_value (self->roles[role].disk, (double)disk_bytes / GIB);
}

/* GObject ------------------------------------------------------------------ */

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
  g_clear_object (&self->cancellable);
  g_clear_object (&self->check_cancellable);
  g_clear_object (&self->download_cancellable);
  g_clear_object (&self->create_cancellable);
  g_clear_handle_id (&self->check_source, g_source_remove);
  g_clear_signal_handler (&self->progress_handler, self->provisioner);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->download);

  gtk_widget_dispose_template (GTK_WIDGET (self), SLIPWAY_TYPE_WIZARD);

  g_clear_object (&self->provisioner);
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
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->pending_spec, slipway_spec_free);
  g_clear_pointer (&self->checked_spec, slipway_spec_free);
  g_clear_pointer (&self->check_problems, g_ptr_array_unref);
  g_clear_pointer (&self->check_error, g_free);
  g_clear_pointer (&self->catalog, g_ptr_array_unref);
  g_clear_pointer (&self->download_title, g_free);
  g_clear_pointer (&self->image_title, g_free);
  g_clear_pointer (&self->password_hash, g_free);
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
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_name_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_domain_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_subnet_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_user_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_password_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stack_visible_child_name_cb);

  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, slipway_wizard_next_action);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, slipway_wizard_back_action);
  gtk_widget_class_install_action (widget_class, "wizard.cancel", NULL, slipway_wizard_cancel_action);
  gtk_widget_class_install_action (widget_class, "wizard.create", NULL, slipway_wizard_create_action);
  gtk_widget_class_install_action (widget_class, "wizard.save-as", NULL, slipway_wizard_save_as_action);
  gtk_widget_class_install_action (widget_class, "wizard.import-image", NULL, slipway_wizard_import_image_action);
  gtk_widget_class_install_action (widget_class, "wizard.add-image", NULL, slipway_wizard_add_image_action);
  gtk_widget_class_install_action (widget_class, "wizard.pick-subnet", NULL, slipway_wizard_pick_subnet_action);
  gtk_widget_class_install_action (widget_class, "wizard.download-cancel", NULL,
                                   slipway_wizard_download_cancel_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "wizard.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_ALT_MASK, "wizard.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_ALT_MASK, "wizard.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "wizard.save-as", NULL);
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

  build_role_groups (self);
  set_up_message_row (self->name_message);
  set_up_message_row (self->domain_message);
  set_up_message_row (self->subnet_message);
  set_up_message_row (self->image_message);
  set_up_message_row (self->user_message);
  set_up_message_row (self->keys_message);
  set_up_message_row (self->password_message);
  set_up_message_row (self->totals_message);
  set_up_message_row (self->progress_message);
}

/**
 * slipway_wizard_new:
 * @parent: (nullable): the main window
 * @uri: the libvirt connection to create the cluster on
 */
SlipwayWizard *
slipway_wizard_new (GtkWindow  *parent,
                    const char *uri)
{
  SlipwayWizard *self;
  const char *source = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  self = g_object_new (SLIPWAY_TYPE_WIZARD,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       NULL);
  self->uri = g_strdup (uri);
  self->provisioner = slipway_provisioner_new (uri);
  self->progress_handler = g_signal_connect (self->provisioner, "progress",
                                             G_CALLBACK (on_progress_cb), self);

  /* What `slipwayctl init lab` writes, with Preferences' defaults. */
  self->base = slipway_spec_new_default ("lab");
  apply_default_settings (self);

  set_entry_text (self, self->name_row, self->base->name);
  set_entry_text (self, self->domain_row, self->base->domain);
  set_entry_text (self, self->user_row, self->base->user);
  adw_preferences_group_set_description (self->user_group,
                                         slipway_catalog_default_user ("debian", &source) != NULL ? source : NULL);
  set_roles_from_spec (self, self->base);
  load_user_keys (self);
  load_catalog (self);

  slipway_provisioner_query_host_async (self->provisioner, self->cancellable, host_cb, g_object_ref (self));
  slipway_provisioner_list_async (self->provisioner, self->cancellable, list_cb, g_object_ref (self));

  gtk_stack_set_visible_child_name (self->stack, "cluster");
  slipway_wizard_changed (self);

  return self;
}
