/* slipway-serial-tab.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-serial-tab.h"

/* The serial console of a node, fed from the node's SlipwayConsole. Several
 * terminals show the same console (the role group and "All nodes"): all
 * send what the user types; only the one that answers queries sends its
 * replies, so the guest gets one answer per question. */
struct _SlipwaySerialTab
{
  SlipwayConsoleTab  parent_instance;

  SlipwayConsole    *console;
  guint              answers_queries : 1;
  guint              feeding : 1;
};

G_DEFINE_FINAL_TYPE (SlipwaySerialTab, slipway_serial_tab, SLIPWAY_TYPE_CONSOLE_TAB)

static void
feed (SlipwaySerialTab *self,
      GBytes           *bytes)
{
  VteTerminal *terminal = slipway_console_tab_get_terminal (SLIPWAY_CONSOLE_TAB (self));
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  /* The serial line already carries "\r\n": feed it as it is. */
  self->feeding = TRUE;
  vte_terminal_feed (terminal, data, size);
  self->feeding = FALSE;
}

static void
on_console_data_cb (SlipwaySerialTab *self,
                    GBytes           *bytes,
                    SlipwayConsole   *console)
{
  feed (self, bytes);
}

static void
on_commit_cb (SlipwaySerialTab *self,
              const char       *text,
              guint             size,
              VteTerminal      *terminal)
{
  /* A commit while feeding is the terminal answering the guest. */
  if (self->console == NULL || (self->feeding && !self->answers_queries))
    return;

  slipway_console_send (self->console, text, size);
}

static void
update_banner (SlipwaySerialTab *self)
{
  SlipwayConsoleTab *tab = SLIPWAY_CONSOLE_TAB (self);
  const char *name = slipway_node_get_name (slipway_console_tab_get_node (tab));
  const char *message = slipway_console_get_message (self->console);
  g_autofree char *text = NULL;

  /* Reconnecting means something while the console is not connected. */
  slipway_console_tab_set_can_reconnect (tab, slipway_console_get_status (self->console) !=
                                              SLIPWAY_CONSOLE_STATUS_CONNECTED);

  switch (slipway_console_get_status (self->console))
    {
    case SLIPWAY_CONSOLE_STATUS_CONNECTED:
      slipway_console_tab_hide_banner (tab);
      return;

    case SLIPWAY_CONSOLE_STATUS_CONNECTING:
      /* Translators: %s is a node name */
      text = g_strdup_printf (_("Connecting to the serial console of %s…"), name);
      slipway_console_tab_show_banner (tab, text, NULL);
      return;

    case SLIPWAY_CONSOLE_STATUS_RETRYING:
      /* Translators: the first %s is why the console is not there, the
       * second a node name */
      text = g_strdup_printf (_("%s. Connecting again when %s is back…"),
                              message != NULL ? message : _("The serial console was disconnected"),
                              name);
      slipway_console_tab_show_banner (tab, text, _("_Reconnect"));
      return;

    case SLIPWAY_CONSOLE_STATUS_BUSY:
      /* Translators: %s is a node name */
      text = g_strdup_printf (_("Another program, such as virsh console or another Slipway "
                                "window, is using the serial console of %s. It comes back here "
                                "when that program lets go of it."), name);
      slipway_console_tab_show_banner (tab, text, _("_Take Over"));
      return;

    case SLIPWAY_CONSOLE_STATUS_OFF:
      /* Translators: %s is a node name */
      text = g_strdup_printf (_("%s is not running. Its serial console shows up here when it starts."),
                              name);
      slipway_console_tab_show_banner (tab, text, NULL);
      return;

    default:
      g_assert_not_reached ();
    }
}

static void
slipway_serial_tab_reconnect (SlipwayConsoleTab *tab)
{
  SlipwaySerialTab *self = SLIPWAY_SERIAL_TAB (tab);

  /* The banner's button: "Take Over" while another program has it. */
  if (slipway_console_get_status (self->console) == SLIPWAY_CONSOLE_STATUS_BUSY)
    slipway_console_take_over (self->console);
  else
    slipway_console_reconnect (self->console);
}

GtkWidget *
slipway_serial_tab_new (SlipwayNode     *item,
                        SlipwayConsole  *console,
                        gboolean         answers_queries)
{
  SlipwaySerialTab *self;
  g_autoptr(GBytes) history = NULL;

  g_return_val_if_fail (SLIPWAY_IS_NODE (item), NULL);
  g_return_val_if_fail (SLIPWAY_IS_CONSOLE (console), NULL);

  self = g_object_new (SLIPWAY_TYPE_SERIAL_TAB, "node", item, NULL);
  self->console = g_object_ref (console);
  self->answers_queries = !!answers_queries;

  /* Start where the other terminals of this console are. */
  history = slipway_console_dup_history (console);
  self->answers_queries = FALSE;
  feed (self, history);
  self->answers_queries = !!answers_queries;

  g_signal_connect_object (console, "data", G_CALLBACK (on_console_data_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (console, "notify::status", G_CALLBACK (update_banner), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (console, "notify::message", G_CALLBACK (update_banner), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (slipway_console_tab_get_terminal (SLIPWAY_CONSOLE_TAB (self)), "commit",
                           G_CALLBACK (on_commit_cb), self, G_CONNECT_SWAPPED);
  update_banner (self);

  return GTK_WIDGET (self);
}

static void
slipway_serial_tab_dispose (GObject *object)
{
  SlipwaySerialTab *self = (SlipwaySerialTab *)object;

  if (self->console != NULL)
    g_signal_handlers_disconnect_by_data (self->console, self);
  g_clear_object (&self->console);

  G_OBJECT_CLASS (slipway_serial_tab_parent_class)->dispose (object);
}

static void
slipway_serial_tab_class_init (SlipwaySerialTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SlipwayConsoleTabClass *tab_class = SLIPWAY_CONSOLE_TAB_CLASS (klass);

  object_class->dispose = slipway_serial_tab_dispose;

  /* Translators: what a terminal shows, after a node name: "worker0 serial console" */
  tab_class->kind_title = _("serial console");
  tab_class->reconnect = slipway_serial_tab_reconnect;
}

static void
slipway_serial_tab_init (SlipwaySerialTab *self)
{
}
