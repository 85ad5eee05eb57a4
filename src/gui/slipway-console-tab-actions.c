/* slipway-console-tab-actions.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-console-tab-private.h"

/* PCRE2 flags, which VTE's search regexes take (VTE needs MULTILINE). */
#define SLIPWAY_PCRE2_CASELESS  0x00000008u
#define SLIPWAY_PCRE2_MULTILINE 0x00000400u

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SlipwayConsoleTabPrivate *priv =
    _slipway_console_tab_get_private (SLIPWAY_CONSOLE_TAB (widget));

  if (vte_terminal_get_has_selection (priv->terminal))
    vte_terminal_copy_clipboard_format (priv->terminal, VTE_FORMAT_TEXT);
}

static void
paste_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SlipwayConsoleTab) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);

  if (text != NULL)
    slipway_console_tab_send_user_input (self, text, -1);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Nothing to paste: %s", error->message);
}

static void
paste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SlipwayConsoleTab *self = SLIPWAY_CONSOLE_TAB (widget);
  SlipwayConsoleTabPrivate *priv = _slipway_console_tab_get_private (self);

  g_cancellable_cancel (priv->paste_cancellable);
  g_clear_object (&priv->paste_cancellable);
  priv->paste_cancellable = g_cancellable_new ();
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), priv->paste_cancellable,
                                 paste_read_cb, g_object_ref (self));
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SlipwayConsoleTabPrivate *priv =
    _slipway_console_tab_get_private (SLIPWAY_CONSOLE_TAB (widget));

  vte_terminal_select_all (priv->terminal);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlipwayConsoleTabPrivate *priv =
    _slipway_console_tab_get_private (SLIPWAY_CONSOLE_TAB (widget));

  gtk_search_bar_set_search_mode (priv->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (priv->search_entry));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SlipwayConsoleTabPrivate *priv =
    _slipway_console_tab_get_private (SLIPWAY_CONSOLE_TAB (widget));

  if (g_str_equal (action_name, "term.find-next"))
    vte_terminal_search_find_next (priv->terminal);
  else
    vte_terminal_search_find_previous (priv->terminal);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SlipwayConsoleTabPrivate *priv =
    _slipway_console_tab_get_private (SLIPWAY_CONSOLE_TAB (widget));
  double scale = vte_terminal_get_font_scale (priv->terminal);

  if (g_str_equal (action_name, "term.zoom-in"))
    scale = MIN (scale * ZOOM_STEP, ZOOM_MAX);
  else if (g_str_equal (action_name, "term.zoom-out"))
    scale = MAX (scale / ZOOM_STEP, ZOOM_MIN);
  else
    scale = 1.0;

  vte_terminal_set_font_scale (priv->terminal, scale);
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlipwayConsoleTab *self = SLIPWAY_CONSOLE_TAB (widget);

  if (SLIPWAY_CONSOLE_TAB_GET_CLASS (self)->reconnect != NULL)
    SLIPWAY_CONSOLE_TAB_GET_CLASS (self)->reconnect (self);
}

static void
on_search_entry_search_changed_cb (SlipwayConsoleTab *self,
                                   GtkSearchEntry    *entry)
{
  SlipwayConsoleTabPrivate *priv = _slipway_console_tab_get_private (self);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autoptr(VteRegex) regex = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pattern = NULL;

  if (text[0] == '\0')
    {
      vte_terminal_search_set_regex (priv->terminal, NULL, 0);
      return;
    }

  pattern = g_regex_escape_string (text, -1);
  regex = vte_regex_new_for_search (pattern, -1,
                                    SLIPWAY_PCRE2_MULTILINE | SLIPWAY_PCRE2_CASELESS, &error);
  if (regex == NULL)
    {
      g_debug ("Not a search pattern: %s", error->message);
      return;
    }

  vte_terminal_search_set_regex (priv->terminal, regex, 0);
  vte_terminal_search_set_wrap_around (priv->terminal, TRUE);
  vte_terminal_search_find_previous (priv->terminal);
}

static void
on_search_entry_activate_cb (SlipwayConsoleTab *self,
                             GtkSearchEntry    *entry)
{
  SlipwayConsoleTabPrivate *priv = _slipway_console_tab_get_private (self);

  vte_terminal_search_find_previous (priv->terminal);
}

static void
on_search_entry_stop_search_cb (SlipwayConsoleTab *self,
                                GtkSearchEntry    *entry)
{
  SlipwayConsoleTabPrivate *priv = _slipway_console_tab_get_private (self);

  gtk_search_bar_set_search_mode (priv->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (priv->terminal));
}

static void
on_terminal_title_changed_cb (SlipwayConsoleTab *self,
                              VteTerminal       *terminal)
{
  /* Guests set titles all the time; the tab keeps the node's name. */
}
void
_slipway_console_tab_actions_update (SlipwayConsoleTab *self)
{
  SlipwayConsoleTabPrivate *priv = _slipway_console_tab_get_private (self);
  SlipwayConsoleTabClass *klass = SLIPWAY_CONSOLE_TAB_GET_CLASS (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "term.reconnect",
                                 klass->reconnect != NULL && priv->can_reconnect);
}

void
_slipway_console_tab_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_terminal_title_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_stop_search_cb);

  gtk_widget_class_install_action (widget_class, "term.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "term.paste", NULL, paste_action);
  gtk_widget_class_install_action (widget_class, "term.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "term.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "term.find-next", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "term.find-previous", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "term.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "term.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "term.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "term.reconnect", NULL, reconnect_action);

  /* For the terminal itself on_key_pressed_cb() runs them first, before
   * VTE takes the keys as input; these serve the rest of the tab. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "term.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "term.paste", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "term.select-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "term.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "term.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "term.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "term.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "term.zoom-reset", NULL);
}
