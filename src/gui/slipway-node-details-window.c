/* slipway-node-details-window.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "slipway-node-details-window.h"
#include "slipway-terminal-launcher.h"

/* One node's details: what the model has (role, addresses, readiness,
 * cloud-init's result), live, and what one look by the core finds (disk
 * allocation, DHCP lease, uptime, the pinned host key's fingerprint).
 * Copy buttons for the address and for a ready ssh command line, and
 * Open in Terminal for an SSH session in the user's own terminal app. */
struct _SlipwayNodeDetailsWindow
{
  AdwWindow           parent_instance;

  /* Template widgets */
  AdwToastOverlay    *toast_overlay;
  AdwWindowTitle     *window_title;
  AdwActionRow       *state_row;
  AdwActionRow       *cloud_init_row;
  AdwActionRow       *uptime_row;
  AdwActionRow       *role_row;
  AdwActionRow       *vcpus_row;
  AdwActionRow       *memory_row;
  AdwActionRow       *disk_row;
  AdwActionRow       *address_row;
  AdwActionRow       *fqdn_row;
  AdwActionRow       *mac_row;
  AdwActionRow       *lease_row;
  AdwActionRow       *command_row;
  AdwActionRow       *host_key_row;

  /* Owned references */
  SlipwayCluster     *cluster;
  SlipwayNode        *node;
  SlipwayNodeDetails *details;    /* NULL until the look is done */
  GCancellable       *cancellable;
  char               *look_error;
};

G_DEFINE_FINAL_TYPE (SlipwayNodeDetailsWindow, slipway_node_details_window, ADW_TYPE_WINDOW)

static void
set_value (AdwActionRow *row,
           const char   *value)
{
  adw_action_row_set_subtitle (row, value);
}

/* What a value shows while the look runs, or when it found nothing. */
static const char *
unknown (SlipwayNodeDetailsWindow *self)
{
  if (self->details == NULL && self->look_error == NULL)
    /* Translators: a value of a node that is being looked up */
    return _("Looking…");

  /* Translators: a value of a node that cannot be known */
  return _("Unknown");
}

/* The role of one node: slipway_role_get_title() names groups of them. */
static const char *
role_title (SlipwayRole role)
{
  switch (role)
    {
    case SLIPWAY_ROLE_GATEWAY:
      /* Translators: the role of one node */
      return C_("node role", "Gateway (load balancer of the Kubernetes API)");

    case SLIPWAY_ROLE_CONTROL:
      /* Translators: the role of one node */
      return C_("node role", "Control plane node");

    case SLIPWAY_ROLE_WORKER:
      /* Translators: the role of one node */
      return C_("node role", "Worker node");

    default:
      g_return_val_if_reached (NULL);
    }
}

static char *
format_uptime (gint64 seconds)
{
  guint days = seconds / 86400;
  guint hours = (seconds % 86400) / 3600;
  guint minutes = (seconds % 3600) / 60;

  if (days > 0)
    /* Translators: an uptime, "2 days, 3 h 05 min" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day, %u h %02u min",
                                         "%u days, %u h %02u min", days),
                            days, hours, minutes);

  /* Translators: an uptime, "3 h 05 min" */
  return g_strdup_printf (_("%u h %02u min"), hours, minutes);
}

static void
update_live (SlipwayNodeDetailsWindow *self)
{
  SlipwayNode *node = self->node;
  SlipwayReadiness readiness = slipway_node_get_readiness (node);
  const char * const *errors = slipway_node_get_cloud_init_errors (node);
  g_autofree char *state = NULL;
  g_autofree char *joined = NULL;

  /* Translators: a node's state, then its readiness: "Running · Ready" */
  state = g_strdup_printf (_("%s · %s"), slipway_node_state_get_title (slipway_node_get_state (node)),
                           slipway_readiness_get_title (readiness));
  set_value (self->state_row, state);

  if (errors != NULL && errors[0] != NULL)
    {
      joined = g_strjoinv ("\n", (char **)errors);
      set_value (self->cloud_init_row, joined);
    }
  else if (readiness == SLIPWAY_READINESS_READY)
    /* Translators: cloud-init's result on a node */
    set_value (self->cloud_init_row, _("Finished without errors"));
  else if (slipway_node_get_state (node) == SLIPWAY_NODE_STATE_RUNNING)
    /* Translators: cloud-init's result on a node, not known yet */
    set_value (self->cloud_init_row, _("Not finished, or not seen yet"));
  else
    /* Translators: cloud-init's result on a node that does not run */
    set_value (self->cloud_init_row, _("Not running"));
}

static void
update_looked_up (SlipwayNodeDetailsWindow *self)
{
  SlipwayNodeDetails *details = self->details;
  g_autofree char *text = NULL;

  if (details != NULL && details->uptime_seconds >= 0)
    {
      text = format_uptime (details->uptime_seconds);
      set_value (self->uptime_row, text);
      g_clear_pointer (&text, g_free);
    }
  else if (slipway_node_get_state (self->node) != SLIPWAY_NODE_STATE_RUNNING)
    /* Translators: the uptime of a node that does not run */
    set_value (self->uptime_row, _("Not running"));
  else if (details != NULL && !slipway_node_get_ssh_ready (self->node))
    /* Translators: the uptime of a node, asked for over SSH */
    set_value (self->uptime_row, _("Unknown until the node accepts SSH logins"));
  else
    set_value (self->uptime_row, unknown (self));

  if (details != NULL)
    {
      text = g_strdup_printf ("%u", details->vcpus);
      set_value (self->vcpus_row, text);
      g_clear_pointer (&text, g_free);
      text = g_format_size_full (details->memory_bytes, G_FORMAT_SIZE_IEC_UNITS);
      set_value (self->memory_row, text);
      g_clear_pointer (&text, g_free);
    }
  else
    {
      set_value (self->vcpus_row, unknown (self));
      set_value (self->memory_row, unknown (self));
    }

  if (details != NULL && details->disk_capacity > 0)
    {
      g_autofree char *capacity = g_format_size_full (details->disk_capacity, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *allocation = g_format_size_full (details->disk_allocation, G_FORMAT_SIZE_IEC_UNITS);

      /* Translators: a node's disk: its virtual size, then what it takes on the host */
      text = g_strdup_printf (_("%s virtual, %s allocated on the host"), capacity, allocation);
      set_value (self->disk_row, text);
      g_clear_pointer (&text, g_free);
    }
  else
    set_value (self->disk_row, unknown (self));

  if (details != NULL && details->leased && details->lease_expiry == 0)
    /* Translators: a node's DHCP lease */
    set_value (self->lease_row, _("Held, does not expire"));
  else if (details != NULL && details->leased)
    {
      g_autoptr(GDateTime) expiry = g_date_time_new_from_unix_local (details->lease_expiry);
      g_autofree char *when = g_date_time_format (expiry, "%c");

      /* Translators: a node's DHCP lease, %s is a date and time */
      text = g_strdup_printf (_("Held until %s"), when);
      set_value (self->lease_row, text);
      g_clear_pointer (&text, g_free);
    }
  else if (details != NULL && details->lease_known)
    /* Translators: a node's DHCP lease */
    set_value (self->lease_row, _("None"));
  else if (details != NULL)
    /* Translators: a node's DHCP lease, when libvirt tells none (its test driver) */
    set_value (self->lease_row, _("Unknown: this connection reports no leases"));
  else
    set_value (self->lease_row, unknown (self));

  if (details != NULL && details->host_key_fingerprint != NULL)
    set_value (self->host_key_row, details->host_key_fingerprint);
  else if (details != NULL)
    /* Translators: no host key is pinned for a node */
    set_value (self->host_key_row, _("None pinned"));
  else
    set_value (self->host_key_row, unknown (self));
}

static void
query_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SlipwayNodeDetailsWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  self->details = slipway_cluster_query_node_details_finish (SLIPWAY_CLUSTER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (self->details == NULL)
    {
      self->look_error = g_strdup (error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
    }

  update_looked_up (self);
}

/**
 * slipway_node_details_window_dup_command:
 *
 * Returns: (transfer full): the ssh command line of the node, quoted for a
 *   shell where it needs to be
 */
char *
slipway_node_details_window_dup_command (SlipwayNodeDetailsWindow *self)
{
  g_autofree char *config = NULL;
  g_auto(GStrv) argv = NULL;
  g_autoptr(GString) line = g_string_new (NULL);

  g_return_val_if_fail (SLIPWAY_IS_NODE_DETAILS_WINDOW (self), NULL);

  config = slipway_cluster_ssh_config (slipway_cluster_get_name (self->cluster));
  argv = slipway_ssh_argv (config, slipway_node_get_name (self->node), NULL);
  for (guint i = 0; argv[i] != NULL; i++)
    {
      gboolean plain = argv[i][0] != '\0';

      for (const char *c = argv[i]; *c != '\0' && plain; c++)
        plain = g_ascii_isalnum (*c) || strchr ("_-./:=@%+,", *c) != NULL;

      if (i > 0)
        g_string_append_c (line, ' ');
      if (plain)
        g_string_append (line, argv[i]);
      else
        {
          g_autofree char *quoted = g_shell_quote (argv[i]);

          g_string_append (line, quoted);
        }
    }

  return g_string_free (g_steal_pointer (&line), FALSE);
}

static void
copy_text (SlipwayNodeDetailsWindow *self,
           const char               *text,
           const char               *done)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (done));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SlipwayNodeDetailsWindow *self = SLIPWAY_NODE_DETAILS_WINDOW (widget);

  if (g_str_equal (action_name, "details.copy-address"))
    copy_text (self, slipway_node_get_ipv4 (self->node), _("Address copied"));
  else
    {
      g_autofree char *command = slipway_node_details_window_dup_command (self);

      copy_text (self, command, _("Command line copied"));
    }
}

static void
open_terminal_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SlipwayNodeDetailsWindow *self = SLIPWAY_NODE_DETAILS_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!slipway_open_node_in_terminal (self->cluster, slipway_node_get_name (self->node), &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

GtkWidget *
slipway_node_details_window_new (GtkWindow      *parent,
                                 SlipwayCluster *cluster,
                                 SlipwayNode    *node)
{
  SlipwayNodeDetailsWindow *self;
  g_autofree char *command = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SLIPWAY_IS_CLUSTER (cluster), NULL);
  g_return_val_if_fail (SLIPWAY_IS_NODE (node), NULL);

  self = g_object_new (SLIPWAY_TYPE_NODE_DETAILS_WINDOW,
                       "transient-for", parent,
                       NULL);
  self->cluster = g_object_ref (cluster);
  self->node = g_object_ref (node);

  /* Translators: the title of a node's details window, %s is a node name */
  title = g_strdup_printf (_("Details of %s"), slipway_node_get_name (node));
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, slipway_node_get_name (node));
  adw_window_title_set_subtitle (self->window_title, slipway_node_get_fqdn (node));

  set_value (self->role_row, role_title (slipway_node_get_role (node)));
  set_value (self->address_row, slipway_node_get_ipv4 (node));
  set_value (self->fqdn_row, slipway_node_get_fqdn (node));
  set_value (self->mac_row, slipway_node_get_mac (node));
  command = slipway_node_details_window_dup_command (self);
  set_value (self->command_row, command);

  /* The uptime's row says why it is unknown from the node's state too. */
  g_signal_connect_object (node, "notify", G_CALLBACK (update_live), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (node, "notify", G_CALLBACK (update_looked_up), self, G_CONNECT_SWAPPED);
  update_live (self);
  update_looked_up (self);

  slipway_cluster_query_node_details_async (cluster, slipway_node_get_name (node), self->cancellable,
                                            query_cb, g_object_ref (self));

  return GTK_WIDGET (self);
}

SlipwayNode *
slipway_node_details_window_get_node (SlipwayNodeDetailsWindow *self)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE_DETAILS_WINDOW (self), NULL);

  return self->node;
}

/**
 * slipway_node_details_window_get_loaded:
 *
 * Returns: %TRUE once the core's look at the node is done (or failed)
 */
gboolean
slipway_node_details_window_get_loaded (SlipwayNodeDetailsWindow *self)
{
  g_return_val_if_fail (SLIPWAY_IS_NODE_DETAILS_WINDOW (self), FALSE);

  return self->details != NULL || self->look_error != NULL;
}

/**
 * slipway_node_details_window_get_value:
 * @row: the name of a row of the template, "disk_row"
 *
 * Returns: the value the row shows
 */
const char *
slipway_node_details_window_get_value (SlipwayNodeDetailsWindow *self,
                                       const char               *row)
{
  GObject *object;

  g_return_val_if_fail (SLIPWAY_IS_NODE_DETAILS_WINDOW (self), NULL);

  object = gtk_widget_get_template_child (GTK_WIDGET (self), SLIPWAY_TYPE_NODE_DETAILS_WINDOW, row);
  g_return_val_if_fail (ADW_IS_ACTION_ROW (object), NULL);

  return adw_action_row_get_subtitle (ADW_ACTION_ROW (object));
}

static void
slipway_node_details_window_dispose (GObject *object)
{
  SlipwayNodeDetailsWindow *self = (SlipwayNodeDetailsWindow *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SLIPWAY_TYPE_NODE_DETAILS_WINDOW);
  g_clear_object (&self->node);
  g_clear_object (&self->cluster);

  G_OBJECT_CLASS (slipway_node_details_window_parent_class)->dispose (object);
}

static void
slipway_node_details_window_finalize (GObject *object)
{
  SlipwayNodeDetailsWindow *self = (SlipwayNodeDetailsWindow *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->details, slipway_node_details_free);
  g_clear_pointer (&self->look_error, g_free);

  G_OBJECT_CLASS (slipway_node_details_window_parent_class)->finalize (object);
}

static void
slipway_node_details_window_class_init (SlipwayNodeDetailsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = slipway_node_details_window_dispose;
  object_class->finalize = slipway_node_details_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/slipway/Slipway/slipway-node-details-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlipwayNodeDetailsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SlipwayNodeDetailsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SlipwayNodeDetailsWindow, state_row);
  gtk_widget_class_bind_template_child (widget_class, SlipwayNodeDetailsWindow, cloud_init_row);
  gtk_widget_class_bind_template_child (widget_class, SlipwayNodeDetailsWindow, uptime_row);
  gtk_widget_class_bind_template_child (widget_class, SlipwayNodeDetailsWindow, role_row);
  gtk_widget_class_bind_template_child (widget_class, SlipwayNodeDetailsWindow, vcpus_row);
  gtk_widget_class_bind_template_child (widget_class, SlipwayNodeDetailsWindow, memory_row);
  gtk_widget_class_bind_template_child (widget_class, SlipwayNodeDetailsWindow, disk_row);
  gtk_widget_class_bind_template_child (widget_class, SlipwayNodeDetailsWindow, address_row);
  gtk_widget_class_bind_template_child (widget_class, SlipwayNodeDetailsWindow, fqdn_row);
  gtk_widget_class_bind_template_child (widget_class, SlipwayNodeDetailsWindow, mac_row);
  gtk_widget_class_bind_template_child (widget_class, SlipwayNodeDetailsWindow, lease_row);
  gtk_widget_class_bind_template_child (widget_class, SlipwayNodeDetailsWindow, command_row);
  gtk_widget_class_bind_template_child (widget_class, SlipwayNodeDetailsWindow, host_key_row);

  gtk_widget_class_install_action (widget_class, "details.copy-address", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "details.copy-command", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "details.open-terminal", NULL, open_terminal_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK | GDK_ALT_MASK,
                                       "details.copy-address", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_ALT_MASK,
                                       "details.copy-command", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK | GDK_ALT_MASK,
                                       "details.open-terminal", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
slipway_node_details_window_init (SlipwayNodeDetailsWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
