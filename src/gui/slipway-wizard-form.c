/* slipway-wizard-form.c: the widgets ↔ SlipwaySpec
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-wizard-private.h"

/* The Cluster and Topology pages, and what the wizard starts from: the
 * defaults of `slipwayctl init`, Preferences' defaults for new clusters,
 * and a name no cluster on this connection has yet. */

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
  g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (_slipway_wizard_changed), self);

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

void
_slipway_wizard_form_init (SlipwayWizard *self)
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
      _slipway_wizard_mixed_init (self, (SlipwayRole)r);
      w->message = ADW_ACTION_ROW (adw_action_row_new ());
      adw_preferences_group_add (w->group, GTK_WIDGET (w->message));
      _slipway_wizard_set_up_message (w->message);

      gtk_box_insert_child_after (self->topology_box, GTK_WIDGET (w->group), after);
      after = GTK_WIDGET (w->group);
    }

  _slipway_wizard_form_sync_lb (self);
}

void
_slipway_wizard_form_set_roles (SlipwayWizard     *self,
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
  name = _slipway_wizard_stripped (_slipway_wizard_entry_text (self->name_row));
  domain = _slipway_wizard_stripped (_slipway_wizard_entry_text (self->domain_row));
  subnet = _slipway_wizard_stripped (_slipway_wizard_entry_text (self->subnet_row));
  user = _slipway_wizard_stripped (_slipway_wizard_entry_text (self->user_row));

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
  /* As chosen: without a gateway or a control node the row says "None", and
   * so do the file and create (slipway_spec_get_load_balancer()); the
   * choice waits for them. */
  spec->load_balancer = self->lb_choice;

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

/* The API load balancer: a choice only with a gateway to run it and a
 * control node to balance; otherwise "None", and the row says why. */
void
_slipway_wizard_form_sync_lb (SlipwayWizard *self)
{
  int gateways = gtk_spin_button_get_value_as_int (self->roles[SLIPWAY_ROLE_GATEWAY].count);
  int controls = gtk_spin_button_get_value_as_int (self->roles[SLIPWAY_ROLE_CONTROL].count);
  gboolean possible = gateways > 0 && controls > 0;

  self->updating++;
  gtk_widget_set_sensitive (GTK_WIDGET (self->lb_row), possible);
  adw_combo_row_set_selected (self->lb_row, possible ? self->lb_choice : SLIPWAY_LOAD_BALANCER_NONE);
  if (gateways == 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->lb_row),
                                 _("None: the cluster has no gateway to run it"));
  else if (controls == 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->lb_row),
                                 _("None: the cluster has no control-plane node to balance"));
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->lb_row),
                                 _("What answers on “kubernetes”, port 6443, in front of the "
                                   "control-plane nodes"));
  self->updating--;
}

/* Template callbacks ------------------------------------------------------- */

static void
on_lb_row_selected_cb (SlipwayWizard *self)
{
  if (self->updating > 0 || !gtk_widget_get_sensitive (GTK_WIDGET (self->lb_row)))
    return;

  self->lb_choice = adw_combo_row_get_selected (self->lb_row);
  _slipway_wizard_changed (self);
}

static void
on_field_changed_cb (SlipwayWizard *self)
{
  _slipway_wizard_changed (self);
}

static void
on_name_row_changed_cb (SlipwayWizard *self)
{
  g_autofree char *name = NULL;

  if (self->updating > 0)
    return;

  name = _slipway_wizard_stripped (_slipway_wizard_entry_text (self->name_row));
  self->name_chosen = TRUE;

  /* The domain and the picked subnet follow the name until edited. */
  if (!self->domain_edited)
    {
      g_autofree char *domain = g_strconcat (name, ".test", NULL);

      _slipway_wizard_set_entry_text (self, self->domain_row, name[0] != '\0' ? domain : "");
    }
  if (!self->subnet_edited)
    _slipway_wizard_set_entry_text (self, self->subnet_row, "");

  _slipway_wizard_changed (self);
}

static void
on_domain_row_changed_cb (SlipwayWizard *self)
{
  if (self->updating > 0)
    return;

  self->domain_edited = TRUE;
  _slipway_wizard_changed (self);
}

static void
on_subnet_row_changed_cb (SlipwayWizard *self)
{
  if (self->updating > 0)
    return;

  self->subnet_edited = _slipway_wizard_entry_text (self->subnet_row)[0] != '\0';
  _slipway_wizard_changed (self);
}

static void
on_user_row_changed_cb (SlipwayWizard *self)
{
  if (self->updating > 0)
    return;

  self->user_edited = TRUE;
  _slipway_wizard_changed (self);
}

void
_slipway_wizard_form_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_lb_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_name_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_domain_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_subnet_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_user_row_changed_cb);
}

/* Defaults: a free name, Preferences ----------------------------------------- */

static void
sync_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SlipwayConnection *connection = SLIPWAY_CONNECTION (object);
  g_autoptr(SlipwayWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree const char **taken = NULL;
  g_autofree char *name = NULL;
  GListModel *clusters;
  guint n;

  if (!slipway_connection_sync_finish (connection, result, &error))
    {
      /* The host query says what failed; "lab" stays. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not list the clusters on %s: %s", self->uri, error->message);
      return;
    }

  if (self->name_chosen)
    return;

  /* A name no cluster here has, by the core's rule. The model keeps
   * the clusters, and so their names, alive meanwhile. */
  clusters = slipway_connection_get_clusters (connection);
  n = g_list_model_get_n_items (clusters);
  taken = g_new0 (const char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlipwayCluster) cluster = g_list_model_get_item (clusters, i);

      taken[i] = slipway_cluster_get_name (cluster);
    }
  name = slipway_suggest_cluster_name (taken);

  if (g_strcmp0 (name, _slipway_wizard_entry_text (self->name_row)) != 0)
    {
      _slipway_wizard_set_entry_text (self, self->name_row, name);
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

void
_slipway_wizard_form_apply_defaults (SlipwayWizard *self)
{
  /* What `slipwayctl init lab` writes, with Preferences' defaults. */
  self->base = slipway_spec_new_default ("lab");
  apply_default_settings (self);

  _slipway_wizard_set_entry_text (self, self->name_row, self->base->name);
  _slipway_wizard_set_entry_text (self, self->domain_row, self->base->domain);
  _slipway_wizard_set_entry_text (self, self->user_row, self->base->user);
  _slipway_wizard_form_set_roles (self, self->base);

  slipway_connection_sync_async (self->connection, self->cancellable, sync_cb, g_object_ref (self));
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

  _slipway_wizard_set_entry_text (self, self->name_row, spec->name);
  _slipway_wizard_set_entry_text (self, self->domain_row, spec->domain);
  _slipway_wizard_set_entry_text (self, self->subnet_row, spec->subnet);
  _slipway_wizard_set_entry_text (self, self->user_row, spec->user);
  self->updating++;
  adw_combo_row_set_selected (self->network_row, spec->network == SLIPWAY_NETWORK_ISOLATED ? 1 : 0);
  self->lb_choice = spec->load_balancer;
  adw_combo_row_set_selected (self->lb_row, spec->load_balancer);
  gtk_switch_set_active (self->autologin_switch, spec->console_autologin);
  self->updating--;
  _slipway_wizard_form_set_roles (self, spec);
  _slipway_wizard_access_set_spec (self, spec);
  if (self->arch_values != NULL)
    {
      _slipway_wizard_arch_update (self);
      _slipway_wizard_show_catalog (self);
    }

  if (spec->image != NULL)
    {
      g_autofree char *base = g_path_get_basename (spec->image);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->image_row), base);
      adw_action_row_set_subtitle (self->image_row, spec->image);
    }

  _slipway_wizard_changed (self);
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
