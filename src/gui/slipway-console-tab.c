/* slipway-console-tab.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <signal.h>

#include "slipway-console-tab-private.h"
#include "slipway-terminal-palette.h"

#define SETTINGS_SCHEMA_ID   "io.github.slipway.Slipway"
#define INTERFACE_SCHEMA_ID  "org.gnome.desktop.interface"
#define DEFAULT_FONT         "Monospace 11"
#define DEFAULT_SCROLLBACK   10000

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SlipwayConsoleTab, slipway_console_tab, ADW_TYPE_BIN)

SlipwayConsoleTabPrivate *
_slipway_console_tab_get_private (SlipwayConsoleTab *self)
{
  return slipway_console_tab_get_instance_private (self);
}

enum {
  PROP_0,
  PROP_NODE,
  PROP_BROADCASTING,
  N_PROPS
};

enum {
  USER_INPUT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];


static void
update_colors (SlipwayConsoleTab *self)
{
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());

  slipway_terminal_palette_apply (priv->terminal, dark);
}

static gboolean
schema_has_key (GSettings  *settings,
                const char *key)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  if (settings == NULL)
    return FALSE;

  g_object_get (settings, "settings-schema", &schema, NULL);
  return schema != NULL && g_settings_schema_has_key (schema, key);
}

static void
update_font (SlipwayConsoleTab *self)
{
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);
  g_autofree char *font = NULL;
  g_autoptr(PangoFontDescription) desc = NULL;

  if (schema_has_key (priv->settings, "terminal-font"))
    font = g_settings_get_string (priv->settings, "terminal-font");

  if ((font == NULL || font[0] == '\0') &&
      schema_has_key (priv->interface_settings, "monospace-font-name"))
    {
      g_free (font);
      font = g_settings_get_string (priv->interface_settings, "monospace-font-name");
    }

  if (font == NULL || font[0] == '\0')
    {
      g_free (font);
      font = g_strdup (DEFAULT_FONT);
    }

  desc = pango_font_description_from_string (font);
  vte_terminal_set_font (priv->terminal, desc);
}

static void
update_scrollback (SlipwayConsoleTab *self)
{
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);
  int lines = DEFAULT_SCROLLBACK;

  if (schema_has_key (priv->settings, "terminal-scrollback"))
    lines = g_settings_get_int (priv->settings, "terminal-scrollback");

  vte_terminal_set_scrollback_lines (priv->terminal, lines);
}

static void
on_settings_changed_cb (SlipwayConsoleTab *self,
                        const char        *key,
                        GSettings         *settings)
{
  if (g_strcmp0 (key, "terminal-font") == 0 || g_strcmp0 (key, "monospace-font-name") == 0)
    update_font (self);
  else if (g_strcmp0 (key, "terminal-scrollback") == 0)
    update_scrollback (self);
}

/* ------------------------------------------------------------------------ */
/* Input                                                                    */

static gboolean
clear_user_input_cb (gpointer data)
{
  SlipwayConsoleTab *self = data;
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);

  priv->user_input_clear = 0;
  priv->user_input = FALSE;

  return G_SOURCE_REMOVE;
}

/* A key press reaches VTE in the same dispatch as this capture handler, and
 * VTE commits what the key types before the dispatch ends; replies to
 * queries come later, while VTE processes the child's output. So the flag
 * stays up until the next main loop iteration (a high-priority idle runs
 * before any other source). */
static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   SlipwayConsoleTab     *self)
{
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();
  const char *action = NULL;

  /* The terminal would take these as input: handle them first. */
  if (mods == (GDK_CONTROL_MASK | GDK_SHIFT_MASK))
    {
      switch (keyval)
        {
        case GDK_KEY_C: case GDK_KEY_c: action = "term.copy"; break;
        case GDK_KEY_V: case GDK_KEY_v: action = "term.paste"; break;
        case GDK_KEY_F: case GDK_KEY_f: action = "term.search"; break;
        case GDK_KEY_A: case GDK_KEY_a: action = "term.select-all"; break;
        case GDK_KEY_plus: action = "term.zoom-in"; break;
        case GDK_KEY_underscore: action = "term.zoom-out"; break;
        case GDK_KEY_B: case GDK_KEY_b: action = "group.broadcast"; break;
        case GDK_KEY_T: case GDK_KEY_t: action = "group.tiled"; break;
        default: break;
        }
    }
  else if (mods == GDK_CONTROL_MASK)
    {
      switch (keyval)
        {
        case GDK_KEY_plus: case GDK_KEY_equal: case GDK_KEY_KP_Add: action = "term.zoom-in"; break;
        case GDK_KEY_minus: case GDK_KEY_KP_Subtract: action = "term.zoom-out"; break;
        case GDK_KEY_0: case GDK_KEY_KP_0: action = "term.zoom-reset"; break;
        case GDK_KEY_Page_Up: case GDK_KEY_Page_Down:
          {
            GtkWidget *view = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TAB_VIEW);

            if (view == NULL)
              return FALSE;
            if (keyval == GDK_KEY_Page_Up)
              return adw_tab_view_select_previous_page (ADW_TAB_VIEW (view));
            return adw_tab_view_select_next_page (ADW_TAB_VIEW (view));
          }
        default: break;
        }
    }
  else if (mods == GDK_ALT_MASK && keyval >= GDK_KEY_1 && keyval <= GDK_KEY_4)
    {
      /* Alt+1…4: the groups, as in the window's shortcuts. */
      return gtk_widget_activate_action (GTK_WIDGET (self), "win.show-group", "i",
                                         (int)(keyval - GDK_KEY_1));
    }

  if (action != NULL)
    return gtk_widget_activate_action (GTK_WIDGET (self), action, NULL);

  priv->user_input = TRUE;
  if (priv->user_input_clear == 0)
    priv->user_input_clear = g_idle_add_full (G_PRIORITY_HIGH, clear_user_input_cb, self, NULL);

  return FALSE;
}

static void
on_terminal_commit_cb (SlipwayConsoleTab *self,
                       const char        *text,
                       guint              size,
                       VteTerminal       *terminal)
{
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);

  /* Only what a person typed or pasted here goes to the group. */
  if (priv->user_input && !priv->mirroring)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (text, size);

      g_signal_emit (self, signals[USER_INPUT], 0, bytes);
    }
}

gboolean
slipway_console_tab_is_user_input (SlipwayConsoleTab *self)
{
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);

  g_return_val_if_fail (SLIPWAY_IS_CONSOLE_TAB (self), FALSE);

  return priv->user_input || priv->mirroring;
}

/**
 * slipway_console_tab_send_user_input:
 * @text: what the user pasted or typed
 *
 * Sends @text to the node as the user's input: what pasting does, and what
 * the group mirrors when it broadcasts.
 */
void
slipway_console_tab_send_user_input (SlipwayConsoleTab *self,
                                     const char        *text,
                                     gssize             length)
{
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);
  gboolean was = priv->user_input;

  g_return_if_fail (SLIPWAY_IS_CONSOLE_TAB (self));
  g_return_if_fail (text != NULL);

  priv->user_input = TRUE;
  if (length < 0)
    vte_terminal_paste_text (priv->terminal, text);
  else
    vte_terminal_feed_child (priv->terminal, text, length);
  priv->user_input = was;
}

/**
 * slipway_console_tab_mirror_input:
 *
 * Sends what the user typed in another terminal of the group, as input,
 * without broadcasting it again.
 */
void
slipway_console_tab_mirror_input (SlipwayConsoleTab *self,
                                  const char        *text,
                                  gsize              length)
{
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);

  g_return_if_fail (SLIPWAY_IS_CONSOLE_TAB (self));

  if (priv->mirroring)
    return;

  priv->mirroring = TRUE;
  vte_terminal_feed_child (priv->terminal, text, length);
  priv->mirroring = FALSE;
}


/* ------------------------------------------------------------------------ */
/* Spawning, for subclasses                                                 */

static void
spawn_cb (VteTerminal *terminal,
          GPid         pid,
          GError      *error,
          gpointer     user_data)
{
  g_autoptr(SlipwayConsoleTab) self = user_data;
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);
  g_autofree char *message = NULL;

  if (error == NULL)
    {
      priv->child_pid = pid;
      return;
    }

  /* @error is borrowed. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Translators: %s is an error message */
  message = g_strdup_printf (_("Could not start the session: %s"), error->message);
  slipway_console_tab_show_banner (self, message, _("_Reconnect"));
  if (SLIPWAY_CONSOLE_TAB_GET_CLASS (self)->spawn_failed != NULL)
    SLIPWAY_CONSOLE_TAB_GET_CLASS (self)->spawn_failed (self);
}

static void
on_child_exited_cb (SlipwayConsoleTab *self,
                    int                status,
                    VteTerminal       *terminal)
{
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);

  priv->child_pid = 0;
}

/**
 * slipway_console_tab_spawn:
 * @argv: the program to run in the terminal, never through a shell
 *
 * Runs @argv on a new pty of the terminal; its end comes as the
 * terminal's "child-exited".
 */
void
slipway_console_tab_spawn (SlipwayConsoleTab  *self,
                           const char * const *argv)
{
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);

  g_return_if_fail (SLIPWAY_IS_CONSOLE_TAB (self));
  g_return_if_fail (argv != NULL && argv[0] != NULL);

  slipway_console_tab_cancel_spawn (self);
  priv->spawn_cancellable = g_cancellable_new ();
  vte_terminal_spawn_async (priv->terminal, VTE_PTY_DEFAULT, NULL, (char **)argv, NULL,
                            G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, -1,
                            priv->spawn_cancellable, spawn_cb, g_object_ref (self));
}

/**
 * slipway_console_tab_hang_up:
 *
 * Ends the program slipway_console_tab_spawn() started, as a closed
 * terminal would (SIGHUP), for a session whose other end is gone. Its end
 * comes as the terminal's "child-exited", as any other.
 */
void
slipway_console_tab_hang_up (SlipwayConsoleTab *self)
{
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);

  g_return_if_fail (SLIPWAY_IS_CONSOLE_TAB (self));

  if (priv->child_pid > 0)
    kill (priv->child_pid, SIGHUP);
}

void
slipway_console_tab_cancel_spawn (SlipwayConsoleTab *self)
{
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);

  g_return_if_fail (SLIPWAY_IS_CONSOLE_TAB (self));

  g_cancellable_cancel (priv->spawn_cancellable);
  g_clear_object (&priv->spawn_cancellable);
}

/**
 * slipway_console_tab_set_can_reconnect:
 * @can_reconnect: whether term.reconnect can do something now
 *
 * For subclasses: enables or disables the Reconnect action (and so the
 * banner's button and its shortcut) from the tab's state.
 */
void
slipway_console_tab_set_can_reconnect (SlipwayConsoleTab *self,
                                       gboolean           can_reconnect)
{
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);

  g_return_if_fail (SLIPWAY_IS_CONSOLE_TAB (self));

  priv->can_reconnect = !!can_reconnect;
  _slipway_console_tab_actions_update (self);
}

/* ------------------------------------------------------------------------ */
/* Banner and broadcast indicator                                           */

/**
 * slipway_console_tab_show_banner:
 * @button_label: (nullable): the label of the Reconnect button, or %NULL
 *   for none
 */
void
slipway_console_tab_show_banner (SlipwayConsoleTab *self,
                                 const char        *message,
                                 const char        *button_label)
{
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);

  g_return_if_fail (SLIPWAY_IS_CONSOLE_TAB (self));
  g_return_if_fail (message != NULL);

  gtk_label_set_label (priv->banner_label, message);
  gtk_widget_set_visible (GTK_WIDGET (priv->banner_button), button_label != NULL);
  if (button_label != NULL)
    gtk_button_set_label (priv->banner_button, button_label);
  gtk_revealer_set_reveal_child (priv->banner_revealer, TRUE);
}

void
slipway_console_tab_hide_banner (SlipwayConsoleTab *self)
{
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);

  g_return_if_fail (SLIPWAY_IS_CONSOLE_TAB (self));

  gtk_revealer_set_reveal_child (priv->banner_revealer, FALSE);
}

gboolean
slipway_console_tab_get_banner_visible (SlipwayConsoleTab *self)
{
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);

  g_return_val_if_fail (SLIPWAY_IS_CONSOLE_TAB (self), FALSE);

  return gtk_revealer_get_reveal_child (priv->banner_revealer);
}

const char *
slipway_console_tab_get_banner_text (SlipwayConsoleTab *self)
{
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);

  g_return_val_if_fail (SLIPWAY_IS_CONSOLE_TAB (self), NULL);

  return gtk_label_get_label (priv->banner_label);
}

gboolean
slipway_console_tab_get_broadcasting (SlipwayConsoleTab *self)
{
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);

  g_return_val_if_fail (SLIPWAY_IS_CONSOLE_TAB (self), FALSE);

  return priv->broadcasting;
}

void
slipway_console_tab_set_broadcasting (SlipwayConsoleTab *self,
                                      gboolean           broadcasting)
{
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);

  g_return_if_fail (SLIPWAY_IS_CONSOLE_TAB (self));

  broadcasting = !!broadcasting;
  if (priv->broadcasting == broadcasting)
    return;

  priv->broadcasting = broadcasting;
  gtk_widget_set_visible (priv->broadcast_badge, broadcasting);
  if (broadcasting)
    gtk_widget_add_css_class (GTK_WIDGET (self), "broadcasting");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "broadcasting");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BROADCASTING]);
}

/* ------------------------------------------------------------------------ */

SlipwayNode     *
slipway_console_tab_get_node (SlipwayConsoleTab *self)
{
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);

  g_return_val_if_fail (SLIPWAY_IS_CONSOLE_TAB (self), NULL);

  return priv->item;
}

VteTerminal *
slipway_console_tab_get_terminal (SlipwayConsoleTab *self)
{
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);

  g_return_val_if_fail (SLIPWAY_IS_CONSOLE_TAB (self), NULL);

  return priv->terminal;
}

const char *
slipway_console_tab_get_kind_title (SlipwayConsoleTab *self)
{
  g_return_val_if_fail (SLIPWAY_IS_CONSOLE_TAB (self), NULL);

  return SLIPWAY_CONSOLE_TAB_GET_CLASS (self)->kind_title;
}

/**
 * slipway_console_tab_dup_title:
 *
 * Returns: (transfer full): "worker0 serial console", the terminal's
 *   accessible name
 */
char *
slipway_console_tab_dup_title (SlipwayConsoleTab *self)
{
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);

  g_return_val_if_fail (SLIPWAY_IS_CONSOLE_TAB (self), NULL);

  /* Translators: the first %s is a node name, the second "serial console" or "SSH session" */
  return g_strdup_printf (_("%s %s"),
                          priv->item != NULL ? slipway_node_get_name (priv->item) : "",
                          slipway_console_tab_get_kind_title (self));
}

/**
 * slipway_console_tab_dup_text:
 *
 * Returns: (transfer full): the text on the terminal's screen and in its
 *   scrollback
 */
char *
slipway_console_tab_dup_text (SlipwayConsoleTab *self)
{
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);
  long rows = vte_terminal_get_row_count (priv->terminal);
  long cols = vte_terminal_get_column_count (priv->terminal);
  long row, col;

  g_return_val_if_fail (SLIPWAY_IS_CONSOLE_TAB (self), NULL);

  vte_terminal_get_cursor_position (priv->terminal, &col, &row);

  /* VTE 0.70: no _format() variant yet; the attributes must be NULL on GTK 4. */
  return vte_terminal_get_text_range (priv->terminal,
                                      MAX (0, row - vte_terminal_get_scrollback_lines (priv->terminal)),
                                      0, row + rows, cols, NULL, NULL, NULL);
}

static void
slipway_console_tab_constructed (GObject *object)
{
  SlipwayConsoleTab *self = (SlipwayConsoleTab *)object;
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);
  g_autofree char *title = NULL;

  G_OBJECT_CLASS (slipway_console_tab_parent_class)->constructed (object);

  title = slipway_console_tab_dup_title (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (priv->terminal),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);

  /* Only now is the class the subclass's: during instance init it is
   * still this abstract one, which cannot reconnect. */
  _slipway_console_tab_actions_update (self);
}

static void
slipway_console_tab_dispose (GObject *object)
{
  SlipwayConsoleTab *self = (SlipwayConsoleTab *)object;
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);

  slipway_console_tab_cancel_spawn (self);
  g_cancellable_cancel (priv->paste_cancellable);
  g_clear_object (&priv->paste_cancellable);
  g_clear_handle_id (&priv->user_input_clear, g_source_remove);
  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  /* GTK 4.8's gtk_widget_dispose_template() finds no template on an abstract
   * parent type; AdwBin's dispose drops the one child the template made. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  priv->terminal = NULL;
  g_clear_object (&priv->settings);
  g_clear_object (&priv->interface_settings);
  g_clear_object (&priv->item);

  G_OBJECT_CLASS (slipway_console_tab_parent_class)->dispose (object);
}

static void
slipway_console_tab_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SlipwayConsoleTab *self = SLIPWAY_CONSOLE_TAB (object);
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_NODE:
      g_value_set_object (value, priv->item);
      break;

    case PROP_BROADCASTING:
      g_value_set_boolean (value, priv->broadcasting);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slipway_console_tab_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SlipwayConsoleTab *self = SLIPWAY_CONSOLE_TAB (object);
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_NODE:
      priv->item = g_value_dup_object (value);
      break;

    case PROP_BROADCASTING:
      slipway_console_tab_set_broadcasting (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slipway_console_tab_class_init (SlipwayConsoleTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = slipway_console_tab_constructed;
  object_class->dispose = slipway_console_tab_dispose;
  object_class->get_property = slipway_console_tab_get_property;
  object_class->set_property = slipway_console_tab_set_property;

  properties[PROP_NODE] =
    g_param_spec_object ("node", NULL, NULL, SLIPWAY_TYPE_NODE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BROADCASTING] =
    g_param_spec_boolean ("broadcasting", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SlipwayConsoleTab::user-input:
   * @text: what the user typed or pasted, as sent to the node
   *
   * Emitted for input from the user only: never for the terminal's replies
   * to queries, nor for input mirrored from another terminal.
   */
  signals[USER_INPUT] =
    g_signal_new ("user-input", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/slipway/Slipway/slipway-console-tab.ui");
  gtk_widget_class_bind_template_child_private (widget_class, SlipwayConsoleTab, search_bar);
  gtk_widget_class_bind_template_child_private (widget_class, SlipwayConsoleTab, search_entry);
  gtk_widget_class_bind_template_child_private (widget_class, SlipwayConsoleTab, terminal);
  gtk_widget_class_bind_template_child_private (widget_class, SlipwayConsoleTab, banner_revealer);
  gtk_widget_class_bind_template_child_private (widget_class, SlipwayConsoleTab, banner_label);
  gtk_widget_class_bind_template_child_private (widget_class, SlipwayConsoleTab, banner_button);
  gtk_widget_class_bind_template_child_private (widget_class, SlipwayConsoleTab, broadcast_badge);
  gtk_widget_class_bind_template_callback (widget_class, on_terminal_commit_cb);

  _slipway_console_tab_class_actions_init (widget_class);

  g_type_ensure (VTE_TYPE_TERMINAL);
}

static void
slipway_console_tab_init (SlipwayConsoleTab *self)
{
  SlipwayConsoleTabPrivate *priv = slipway_console_tab_get_instance_private (self);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The interface schema is GNOME's; elsewhere it may not exist. */
  if (source != NULL && (schema = g_settings_schema_source_lookup (source, INTERFACE_SCHEMA_ID, TRUE)) != NULL)
    {
      priv->interface_settings = g_settings_new (INTERFACE_SCHEMA_ID);
      g_signal_connect_object (priv->interface_settings, "changed",
                               G_CALLBACK (on_settings_changed_cb), self, G_CONNECT_SWAPPED);
    }
  priv->settings = g_settings_new (SETTINGS_SCHEMA_ID);
  g_signal_connect_object (priv->settings, "changed",
                           G_CALLBACK (on_settings_changed_cb), self, G_CONNECT_SWAPPED);

  /* Before any subclass's handler: theirs may spawn the next child. */
  g_signal_connect_object (priv->terminal, "child-exited",
                           G_CALLBACK (on_child_exited_cb), self, G_CONNECT_SWAPPED);

  update_font (self);
  update_scrollback (self);
  update_colors (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_colors), self, G_CONNECT_SWAPPED);

  gtk_search_bar_connect_entry (priv->search_bar, GTK_EDITABLE (priv->search_entry));
  gtk_search_bar_set_key_capture_widget (priv->search_bar, NULL);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (priv->terminal), controller);

  priv->can_reconnect = TRUE;
}
