/* slipway-terminal-group.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-node-row.h"
#include "slipway-terminal-group.h"

/* One group of terminals: a role (Gateway, Control plane, Workers) or all
 * nodes. A tab per node, or all of them tiled side by side (tmux's tiled
 * layout); and broadcast, tmux's synchronize-panes: what the user types or
 * pastes in one terminal goes to the same kind of terminal (serial or SSH)
 * of every other node of the group. Only user input travels: the
 * terminals' replies to queries never leave their own node, and mirrored
 * input is not mirrored again. */

typedef struct
{
  SlipwayNodePane *pane;
  AdwBin          *slot;     /* the page's child in tabs mode */
  AdwTabPage      *page;     /* NULL while the user closed the tab */
} Entry;

struct _SlipwayTerminalGroup
{
  GtkBox           parent_instance;

  /* Template widgets */
  GtkWidget       *toolbar;
  GtkToggleButton *tiled_button;
  GtkToggleButton *broadcast_button;
  GtkMenuButton   *menu_button;
  GtkRevealer     *broadcast_revealer;
  GtkLabel        *broadcast_label;
  GtkStack        *stack;
  AdwStatusPage   *empty_page;
  AdwTabView      *tab_view;
  GtkGrid         *grid;

  /* Owned references */
  char            *target;
  char            *title;
  GArray          *entries;  /* Entry */
  GIcon           *broadcast_icon;
  GIcon           *booting_icon;

  SlipwayPaneSlot  slot;
  guint            broadcast : 1;
  guint            tiled : 1;
  guint            mirroring : 1;
};

G_DEFINE_FINAL_TYPE (SlipwayTerminalGroup, slipway_terminal_group, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_BROADCAST,
  PROP_TILED,
  PROP_SLOT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static Entry *
get_entry (SlipwayTerminalGroup *self,
           guint                 i)
{
  return &g_array_index (self->entries, Entry, i);
}

static guint
count_shown (SlipwayTerminalGroup *self)
{
  guint n = 0;

  for (guint i = 0; i < self->entries->len; i++)
    if (get_entry (self, i)->page != NULL)
      n++;

  return n;
}

static void
update_page (SlipwayTerminalGroup *self,
             Entry                *entry)
{
  SlipwayNode     *item = slipway_node_pane_get_node (entry->pane);
  g_autofree char *summary = NULL;
  g_autofree char *tooltip = NULL;

  if (entry->page == NULL)
    return;

  /* The tooltip names the node: a title too long for its tab fades out.
   * AdwTab shows it as markup. */
  summary = slipway_node_dup_summary (item);
  /* Translators: a node tab's tooltip: a node name, then its address and state */
  tooltip = g_markup_printf_escaped (_("%s · %s"), slipway_node_get_name (item), summary);
  adw_tab_page_set_tooltip (entry->page, tooltip);
  /* A still icon on the tab while the node boots, not AdwTabPage's
   * spinner: booting lasts minutes, and an animation that long keeps the
   * window redrawing, which on a loaded machine starves the terminals of
   * the very boot output it is about. */
  adw_tab_page_set_icon (entry->page,
                         slipway_node_get_state (item) == SLIPWAY_NODE_STATE_RUNNING &&
                         !slipway_node_get_ssh_ready (item)
                         ? self->booting_icon : NULL);
  adw_tab_page_set_indicator_icon (entry->page, self->broadcast ? self->broadcast_icon : NULL);
  adw_tab_page_set_indicator_tooltip (entry->page, self->broadcast ? _("Broadcasting") : "");
}

static void
on_item_notify_cb (SlipwayTerminalGroup *self,
                   GParamSpec           *pspec,
                   SlipwayNode          *item)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = get_entry (self, i);

      if (slipway_node_pane_get_node (entry->pane) == item)
        update_page (self, entry);
    }
}

static void
update_summary (SlipwayTerminalGroup *self)
{
  guint n = count_shown (self);
  g_autofree char *banner = NULL;

  /* Translators: %s is a group, "Workers" */
  banner = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Broadcasting: what you type or paste goes to the %2$u terminal of %1$s",
                                         "Broadcasting: what you type or paste goes to all %2$u terminals of %1$s",
                                         n),
                            self->title, n);
  gtk_label_set_label (self->broadcast_label, banner);

  if (self->entries->len == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else
    gtk_stack_set_visible_child_name (self->stack, self->tiled ? "tiled" : "tabs");

  gtk_widget_set_sensitive (self->toolbar, self->entries->len > 0);
}

/* ------------------------------------------------------------------------ */
/* Tiles                                                                    */

static void
untile (SlipwayTerminalGroup *self)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = get_entry (self, i);

      if (gtk_widget_get_parent (GTK_WIDGET (entry->pane)) == GTK_WIDGET (self->grid))
        gtk_grid_remove (self->grid, GTK_WIDGET (entry->pane));
      slipway_node_pane_set_show_name (entry->pane, FALSE);
    }
}

static void
layout (SlipwayTerminalGroup *self)
{
  guint n = count_shown (self);
  guint columns = 1, k = 0;

  /* Panes are kept alive by the entries while they move. */
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = get_entry (self, i);

      if (entry->slot != NULL)
        adw_bin_set_child (entry->slot, NULL);
    }
  untile (self);

  if (!self->tiled)
    {
      for (guint i = 0; i < self->entries->len; i++)
        {
          Entry *entry = get_entry (self, i);

          if (entry->slot != NULL)
            adw_bin_set_child (entry->slot, GTK_WIDGET (entry->pane));
        }
      return;
    }

  /* As tmux's "tiled": as square as possible, filled row by row. */
  while (columns * columns < n)
    columns++;

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = get_entry (self, i);

      if (entry->page == NULL)
        continue;

      slipway_node_pane_set_show_name (entry->pane, TRUE);
      gtk_grid_attach (self->grid, GTK_WIDGET (entry->pane), k % columns, k / columns, 1, 1);
      k++;
    }
}

/* ------------------------------------------------------------------------ */
/* Broadcast                                                                */

static void
on_user_input_cb (SlipwayTerminalGroup *self,
                  GBytes               *text,
                  SlipwayConsoleTab    *source)
{
  SlipwayPaneSlot slot = SLIPWAY_PANE_SLOT_SERIAL;
  gsize size;
  const char *data = g_bytes_get_data (text, &size);

  if (!self->broadcast || self->mirroring)
    return;

  for (guint i = 0; i < self->entries->len; i++)
    for (guint s = 0; s < SLIPWAY_N_PANE_SLOTS; s++)
      if (slipway_node_pane_get_tab (get_entry (self, i)->pane, s) == source)
        slot = s;

  self->mirroring = TRUE;

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = get_entry (self, i);
      SlipwayConsoleTab *tab = slipway_node_pane_get_tab (entry->pane, slot);

      if (tab != source && entry->page != NULL)
        slipway_console_tab_mirror_input (tab, data, size);
    }

  self->mirroring = FALSE;
}

gboolean
slipway_terminal_group_get_broadcast (SlipwayTerminalGroup *self)
{
  g_return_val_if_fail (SLIPWAY_IS_TERMINAL_GROUP (self), FALSE);

  return self->broadcast;
}

void
slipway_terminal_group_set_broadcast (SlipwayTerminalGroup *self,
                                      gboolean              broadcast)
{
  g_return_if_fail (SLIPWAY_IS_TERMINAL_GROUP (self));

  broadcast = !!broadcast;
  if (self->broadcast == broadcast)
    return;

  self->broadcast = broadcast;

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = get_entry (self, i);

      for (guint s = 0; s < SLIPWAY_N_PANE_SLOTS; s++)
        slipway_console_tab_set_broadcasting (slipway_node_pane_get_tab (entry->pane, s), broadcast);
      update_page (self, entry);
    }

  gtk_revealer_set_reveal_child (self->broadcast_revealer, broadcast);
  if (broadcast)
    gtk_widget_add_css_class (GTK_WIDGET (self), "broadcasting");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "broadcasting");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BROADCAST]);
}

gboolean
slipway_terminal_group_get_tiled (SlipwayTerminalGroup *self)
{
  g_return_val_if_fail (SLIPWAY_IS_TERMINAL_GROUP (self), FALSE);

  return self->tiled;
}

void
slipway_terminal_group_set_tiled (SlipwayTerminalGroup *self,
                                  gboolean              tiled)
{
  g_return_if_fail (SLIPWAY_IS_TERMINAL_GROUP (self));

  tiled = !!tiled;
  if (self->tiled == tiled)
    return;

  self->tiled = tiled;
  layout (self);
  update_summary (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TILED]);
}

void
slipway_terminal_group_set_slot (SlipwayTerminalGroup *self,
                                 SlipwayPaneSlot       slot)
{
  g_return_if_fail (SLIPWAY_IS_TERMINAL_GROUP (self));

  self->slot = slot;
  for (guint i = 0; i < self->entries->len; i++)
    slipway_node_pane_set_slot (get_entry (self, i)->pane, slot);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLOT]);
}

/* ------------------------------------------------------------------------ */
/* Panes                                                                    */

static void
show_entry (SlipwayTerminalGroup *self,
            guint                 index)
{
  Entry *entry = get_entry (self, index);
  const char *name = slipway_node_pane_get_name (entry->pane);
  guint position = 0;

  if (entry->page != NULL)
    return;

  for (guint i = 0; i < index; i++)
    if (get_entry (self, i)->page != NULL)
      position++;

  entry->slot = ADW_BIN (adw_bin_new ());
  entry->page = adw_tab_view_insert (self->tab_view, GTK_WIDGET (entry->slot), position);
  adw_tab_page_set_title (entry->page, name);
  update_page (self, entry);
  layout (self);
  update_summary (self);
}

void
slipway_terminal_group_add_pane (SlipwayTerminalGroup *self,
                                 SlipwayNodePane      *pane)
{
  Entry entry = { 0, };

  g_return_if_fail (SLIPWAY_IS_TERMINAL_GROUP (self));
  g_return_if_fail (SLIPWAY_IS_NODE_PANE (pane));

  entry.pane = g_object_ref_sink (pane);
  g_array_append_val (self->entries, entry);

  for (guint s = 0; s < SLIPWAY_N_PANE_SLOTS; s++)
    {
      SlipwayConsoleTab *tab = slipway_node_pane_get_tab (pane, s);

      slipway_console_tab_set_broadcasting (tab, self->broadcast);
      g_signal_connect_object (tab, "user-input", G_CALLBACK (on_user_input_cb), self,
                               G_CONNECT_SWAPPED);
    }
  slipway_node_pane_set_slot (pane, self->slot);
  g_signal_connect_object (slipway_node_pane_get_node (pane), "notify",
                           G_CALLBACK (on_item_notify_cb), self, G_CONNECT_SWAPPED);

  show_entry (self, self->entries->len - 1);
}

void
slipway_terminal_group_remove_all (SlipwayTerminalGroup *self)
{
  g_return_if_fail (SLIPWAY_IS_TERMINAL_GROUP (self));

  slipway_terminal_group_set_tiled (self, FALSE);
  slipway_terminal_group_set_broadcast (self, FALSE);
  untile (self);

  while (self->entries->len > 0)
    {
      Entry *entry = get_entry (self, self->entries->len - 1);
      AdwTabPage *page = entry->page;
      SlipwayNodePane *pane = entry->pane;

      g_signal_handlers_disconnect_by_data (slipway_node_pane_get_node (pane), self);
      for (guint s = 0; s < SLIPWAY_N_PANE_SLOTS; s++)
        g_signal_handlers_disconnect_by_data (slipway_node_pane_get_tab (pane, s), self);

      g_array_set_size (self->entries, self->entries->len - 1);
      if (page != NULL)
        {
          /* No confirmation: closing from here is not the user's close. */
          adw_tab_view_close_page (self->tab_view, page);
        }
      g_object_unref (pane);
    }

  update_summary (self);
}

static gboolean
on_tab_view_close_page_cb (SlipwayTerminalGroup *self,
                           AdwTabPage           *page,
                           AdwTabView           *view)
{
  /* Closing a node's tab hides it from this group; the terminals live on,
   * and choosing the node in the sidebar brings the tab back. */
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = get_entry (self, i);

      if (entry->page == page)
        {
          adw_bin_set_child (entry->slot, NULL);
          entry->slot = NULL;
          entry->page = NULL;
        }
    }

  adw_tab_view_close_page_finish (view, page, TRUE);
  layout (self);
  update_summary (self);

  return GDK_EVENT_STOP;
}

/**
 * slipway_terminal_group_show_node:
 *
 * Shows @node's terminal (bringing its tab back if it was closed) and
 * focuses it.
 *
 * Returns: %TRUE if @node is in this group
 */
gboolean
slipway_terminal_group_show_node (SlipwayTerminalGroup *self,
                                  const char           *node)
{
  g_return_val_if_fail (SLIPWAY_IS_TERMINAL_GROUP (self), FALSE);
  g_return_val_if_fail (node != NULL, FALSE);

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = get_entry (self, i);

      if (g_strcmp0 (slipway_node_pane_get_name (entry->pane), node) != 0)
        continue;

      show_entry (self, i);
      adw_tab_view_set_selected_page (self->tab_view, entry->page);
      gtk_widget_grab_focus (GTK_WIDGET (entry->pane));
      return TRUE;
    }

  return FALSE;
}

guint
slipway_terminal_group_get_n_panes (SlipwayTerminalGroup *self)
{
  g_return_val_if_fail (SLIPWAY_IS_TERMINAL_GROUP (self), 0);

  return self->entries->len;
}

SlipwayNodePane *
slipway_terminal_group_get_pane (SlipwayTerminalGroup *self,
                                 guint                 position)
{
  g_return_val_if_fail (SLIPWAY_IS_TERMINAL_GROUP (self), NULL);
  g_return_val_if_fail (position < self->entries->len, NULL);

  return get_entry (self, position)->pane;
}

SlipwayNodePane *
slipway_terminal_group_find_pane (SlipwayTerminalGroup *self,
                                  const char           *node)
{
  g_return_val_if_fail (SLIPWAY_IS_TERMINAL_GROUP (self), NULL);

  for (guint i = 0; i < self->entries->len; i++)
    if (g_strcmp0 (slipway_node_pane_get_name (get_entry (self, i)->pane), node) == 0)
      return get_entry (self, i)->pane;

  return NULL;
}

AdwTabView *
slipway_terminal_group_get_tab_view (SlipwayTerminalGroup *self)
{
  g_return_val_if_fail (SLIPWAY_IS_TERMINAL_GROUP (self), NULL);

  return self->tab_view;
}

const char *
slipway_terminal_group_get_target (SlipwayTerminalGroup *self)
{
  g_return_val_if_fail (SLIPWAY_IS_TERMINAL_GROUP (self), NULL);

  return self->target;
}

const char *
slipway_terminal_group_get_title (SlipwayTerminalGroup *self)
{
  g_return_val_if_fail (SLIPWAY_IS_TERMINAL_GROUP (self), NULL);

  return self->title;
}

static void
set_label (GtkWidget  *widget,
           const char *text)
{
  gtk_widget_set_tooltip_text (widget, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
}

/**
 * slipway_terminal_group_new:
 * @target: what lifecycle actions of the group act on: a role ("worker"),
 *   or "" for every node
 * @title: the group's name, "Workers"
 */
GtkWidget *
slipway_terminal_group_new (const char *target,
                            const char *title)
{
  SlipwayTerminalGroup *self;
  g_autoptr(GMenuModel) menu = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (target != NULL, NULL);
  g_return_val_if_fail (title != NULL, NULL);

  self = g_object_new (SLIPWAY_TYPE_TERMINAL_GROUP, NULL);
  self->target = g_strdup (target);
  self->title = g_strdup (title);

  /* Translators: accessible name of a group of terminals; %s is "Workers" */
  text = g_strdup_printf (_("%s terminals"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  g_free (text);

  /* Translators: %s is a group of nodes, "Workers" */
  text = g_strdup_printf (_("Tile the terminals of %s"), title);
  set_label (GTK_WIDGET (self->tiled_button), text);
  g_free (text);

  /* Translators: %s is a group of nodes, "Workers" */
  text = g_strdup_printf (_("Broadcast input to %s"), title);
  set_label (GTK_WIDGET (self->broadcast_button), text);
  g_free (text);

  /* Translators: %s is a group of nodes, "Workers" */
  text = g_strdup_printf (_("Actions for %s"), title);
  set_label (GTK_WIDGET (self->menu_button), text);
  g_free (text);

  menu = slipway_node_menu_new (target, TRUE);
  gtk_menu_button_set_menu_model (self->menu_button, menu);
  /* "All nodes" acts on the whole cluster: the header's Cluster Actions
   * menu right above already says so, with the same items. */
  gtk_widget_set_visible (GTK_WIDGET (self->menu_button), *target != '\0');

  /* Translators: %s is a group of nodes, "Workers" */
  text = g_strdup_printf (_("No %s"), title);
  adw_status_page_set_title (self->empty_page, text);
  adw_status_page_set_description (self->empty_page, _("This cluster has no nodes of this role."));

  update_summary (self);

  return GTK_WIDGET (self);
}

static void
slipway_terminal_group_dispose (GObject *object)
{
  SlipwayTerminalGroup *self = (SlipwayTerminalGroup *)object;

  if (self->entries != NULL)
    slipway_terminal_group_remove_all (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SLIPWAY_TYPE_TERMINAL_GROUP);
  g_clear_object (&self->broadcast_icon);
  g_clear_object (&self->booting_icon);

  G_OBJECT_CLASS (slipway_terminal_group_parent_class)->dispose (object);
}

static void
slipway_terminal_group_finalize (GObject *object)
{
  SlipwayTerminalGroup *self = (SlipwayTerminalGroup *)object;

  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_pointer (&self->target, g_free);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (slipway_terminal_group_parent_class)->finalize (object);
}

static void
slipway_terminal_group_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  SlipwayTerminalGroup *self = SLIPWAY_TERMINAL_GROUP (object);

  switch (prop_id)
    {
    case PROP_BROADCAST:
      g_value_set_boolean (value, self->broadcast);
      break;

    case PROP_TILED:
      g_value_set_boolean (value, self->tiled);
      break;

    case PROP_SLOT:
      g_value_set_string (value, slipway_pane_slot_to_string (self->slot));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slipway_terminal_group_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  SlipwayTerminalGroup *self = SLIPWAY_TERMINAL_GROUP (object);

  switch (prop_id)
    {
    case PROP_BROADCAST:
      slipway_terminal_group_set_broadcast (self, g_value_get_boolean (value));
      break;

    case PROP_TILED:
      slipway_terminal_group_set_tiled (self, g_value_get_boolean (value));
      break;

    case PROP_SLOT:
      slipway_terminal_group_set_slot (self,
                                       g_strcmp0 (g_value_get_string (value), "ssh") == 0
                                       ? SLIPWAY_PANE_SLOT_SSH : SLIPWAY_PANE_SLOT_SERIAL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slipway_terminal_group_class_init (SlipwayTerminalGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = slipway_terminal_group_dispose;
  object_class->finalize = slipway_terminal_group_finalize;
  object_class->get_property = slipway_terminal_group_get_property;
  object_class->set_property = slipway_terminal_group_set_property;

  properties[PROP_BROADCAST] =
    g_param_spec_boolean ("broadcast", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TILED] =
    g_param_spec_boolean ("tiled", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SLOT] =
    g_param_spec_string ("slot", NULL, NULL, "serial",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/slipway/Slipway/slipway-terminal-group.ui");
  gtk_widget_class_bind_template_child (widget_class, SlipwayTerminalGroup, toolbar);
  gtk_widget_class_bind_template_child (widget_class, SlipwayTerminalGroup, tiled_button);
  gtk_widget_class_bind_template_child (widget_class, SlipwayTerminalGroup, broadcast_button);
  gtk_widget_class_bind_template_child (widget_class, SlipwayTerminalGroup, menu_button);
  gtk_widget_class_bind_template_child (widget_class, SlipwayTerminalGroup, broadcast_revealer);
  gtk_widget_class_bind_template_child (widget_class, SlipwayTerminalGroup, broadcast_label);
  gtk_widget_class_bind_template_child (widget_class, SlipwayTerminalGroup, stack);
  gtk_widget_class_bind_template_child (widget_class, SlipwayTerminalGroup, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SlipwayTerminalGroup, tab_view);
  gtk_widget_class_bind_template_child (widget_class, SlipwayTerminalGroup, grid);
  gtk_widget_class_bind_template_callback (widget_class, on_tab_view_close_page_cb);

  gtk_widget_class_install_property_action (widget_class, "group.broadcast", "broadcast");
  gtk_widget_class_install_property_action (widget_class, "group.tiled", "tiled");
  gtk_widget_class_install_property_action (widget_class, "group.slot", "slot");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "group.broadcast", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "group.tiled", NULL);
}

static void
slipway_terminal_group_init (SlipwayTerminalGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  self->broadcast_icon = g_themed_icon_new ("network-wireless-hotspot-symbolic");
  self->booting_icon = g_themed_icon_new ("content-loading-symbolic");
}
