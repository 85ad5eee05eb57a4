/* slipway-ssh-tab.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <sys/wait.h>

#include "slipway-ssh-tab.h"

/* An SSH session with a node: `ssh -F <cluster ssh_config> <node>`, with the
 * cluster key and the pinned host keys. It starts when the monitor has
 * logged in itself, and starts again by itself when the node becomes ready
 * again (after a reset or a reboot). When a session ends the tab says so
 * and offers to reconnect; a lost connection (ssh's status 255) is retried
 * by itself while the node stays ready. When the node's machine is replaced
 * (a checkpoint restore, a new boot) the session is hung up at once: its
 * TCP connection went with the old machine, and ssh would wait on it for
 * as long as the kernel keeps it. */

#define SSH_CONNECTION_ERROR 255
#define RETRY_FIRST_S        2
#define RETRY_MAX_S          30

struct _SlipwaySshTab
{
  SlipwayConsoleTab  parent_instance;

  char              *ssh_config;
  guint              retry_source;
  guint              retry_s;
  guint              n_sessions;

  guint              running : 1;
  guint              was_ready : 1;
  guint              hung_up : 1;
};

G_DEFINE_FINAL_TYPE (SlipwaySshTab, slipway_ssh_tab, SLIPWAY_TYPE_CONSOLE_TAB)

static void
start_session (SlipwaySshTab *self)
{
  SlipwayConsoleTab *tab = SLIPWAY_CONSOLE_TAB (self);
  SlipwayNode     *item = slipway_console_tab_get_node (tab);
  g_auto(GStrv) argv = slipway_ssh_argv (self->ssh_config, slipway_node_get_name (item), NULL);

  g_clear_handle_id (&self->retry_source, g_source_remove);

  if (self->n_sessions > 0)
    vte_terminal_feed (slipway_console_tab_get_terminal (tab), "\r\n", 2);

  self->running = TRUE;
  self->n_sessions++;
  /* A session runs: nothing to reconnect until it has ended. */
  slipway_console_tab_set_can_reconnect (tab, FALSE);
  slipway_console_tab_hide_banner (tab);
  slipway_console_tab_spawn (tab, (const char * const *)argv);
}

static void
show_waiting (SlipwaySshTab *self)
{
  SlipwayConsoleTab *tab = SLIPWAY_CONSOLE_TAB (self);
  SlipwayNode     *item = slipway_console_tab_get_node (tab);
  const char *name = slipway_node_get_name (item);
  g_autofree char *text = NULL;

  if (slipway_node_get_state (item) != SLIPWAY_NODE_STATE_RUNNING)
    /* Translators: %s is a node name */
    text = g_strdup_printf (_("%s is not running. An SSH session starts here when it is ready."), name);
  else if (slipway_node_get_readiness (item) == SLIPWAY_READINESS_HOST_KEY_MISMATCH)
    /* Translators: %s is a node name */
    text = g_strdup_printf (_("%s answers with a host key that is not the one Slipway gave it. "
                              "Reset the node, or check who answers on its address."), name);
  else
    /* Translators: %s is a node name. Its readiness ("SSH port open") is
     * in the sidebar and the tab's tooltip. */
    text = g_strdup_printf (_("%s is starting up. An SSH session opens here as soon as it accepts logins."),
                            name);

  slipway_console_tab_show_banner (tab, text, self->n_sessions > 0 ? _("_Reconnect") : NULL);
}

static gboolean
retry_cb (gpointer data)
{
  SlipwaySshTab *self = data;

  self->retry_source = 0;
  if (slipway_node_get_ssh_ready (slipway_console_tab_get_node (SLIPWAY_CONSOLE_TAB (self))))
    start_session (self);

  return G_SOURCE_REMOVE;
}

static void
on_child_exited_cb (SlipwaySshTab *self,
                    int            status,
                    VteTerminal   *terminal)
{
  SlipwayConsoleTab *tab = SLIPWAY_CONSOLE_TAB (self);
  SlipwayNode     *item = slipway_console_tab_get_node (tab);
  g_autofree char *text = NULL;
  const char *name;
  gboolean lost;

  /* The terminal can outlive a disposed tab for as long as its ssh takes
   * to die: that end is nobody's session, and the tab has no node left. */
  if (!self->running || item == NULL)
    return;

  name = slipway_node_get_name (item);
  self->running = FALSE;
  slipway_console_tab_set_can_reconnect (tab, TRUE);
  lost = WIFEXITED (status) && WEXITSTATUS (status) == SSH_CONNECTION_ERROR;

  if (self->hung_up)
    {
      self->hung_up = FALSE;
      /* Translators: %s is a node name */
      text = g_strdup_printf (_("%s was restored or started again, which ended its SSH session. "
                                "A new session opens here when it is ready."), name);
      slipway_console_tab_show_banner (tab, text, _("_Reconnect"));
      /* Ready again before this end was known: nothing else starts it. */
      if (self->was_ready)
        start_session (self);
      return;
    }

  if (lost)
    /* Translators: %s is a node name */
    text = g_strdup_printf (_("The SSH connection to %s was lost. It reconnects when %s is ready."),
                            name, name);
  else
    /* Translators: %s is a node name */
    text = g_strdup_printf (_("The SSH session with %s ended."), name);

  slipway_console_tab_show_banner (tab, text, _("_Reconnect"));

  /* Still ready as far as the model's SSH probes know: the node may be
   * rebooting faster than they run, or the network hiccuped. */
  if (lost && slipway_node_get_ssh_ready (item))
    {
      g_clear_handle_id (&self->retry_source, g_source_remove);
      self->retry_source = g_timeout_add_seconds (self->retry_s, retry_cb, self);
      self->retry_s = MIN (self->retry_s * 2, RETRY_MAX_S);
    }
}

static void
on_item_notify_cb (SlipwaySshTab   *self,
                   GParamSpec      *pspec,
                   SlipwayNode     *item)
{
  gboolean ready = slipway_node_get_ssh_ready (item);

  if (ready && !self->was_ready)
    {
      self->was_ready = TRUE;
      self->retry_s = RETRY_FIRST_S;
      if (!self->running)
        start_session (self);
    }
  else if (!ready)
    {
      self->was_ready = FALSE;
      g_clear_handle_id (&self->retry_source, g_source_remove);
      if (!self->running)
        show_waiting (self);
    }
}

static void
on_node_replaced_cb (SlipwaySshTab *self,
                     SlipwayNode   *item)
{
  if (!self->running)
    return;

  self->hung_up = TRUE;
  slipway_console_tab_hang_up (SLIPWAY_CONSOLE_TAB (self));
}

static void
slipway_ssh_tab_spawn_failed (SlipwayConsoleTab *tab)
{
  SLIPWAY_SSH_TAB (tab)->running = FALSE;
  slipway_console_tab_set_can_reconnect (tab, TRUE);
}

static void
slipway_ssh_tab_reconnect (SlipwayConsoleTab *tab)
{
  SlipwaySshTab *self = SLIPWAY_SSH_TAB (tab);

  if (self->running)
    return;

  self->retry_s = RETRY_FIRST_S;
  start_session (self);
}

/**
 * slipway_ssh_tab_new:
 * @cluster: the name of @item's cluster, whose SSH configuration it uses
 * @item: the node to log in to, once #SlipwayNode:ssh-ready
 */
GtkWidget *
slipway_ssh_tab_new (const char  *cluster,
                     SlipwayNode *item)
{
  SlipwaySshTab *self;

  g_return_val_if_fail (cluster != NULL, NULL);
  g_return_val_if_fail (SLIPWAY_IS_NODE (item), NULL);

  self = g_object_new (SLIPWAY_TYPE_SSH_TAB, "node", item, NULL);
  self->ssh_config = slipway_cluster_ssh_config (cluster);

  g_signal_connect_object (slipway_console_tab_get_terminal (SLIPWAY_CONSOLE_TAB (self)),
                           "child-exited", G_CALLBACK (on_child_exited_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (item, "notify", G_CALLBACK (on_item_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (item, "replaced", G_CALLBACK (on_node_replaced_cb), self,
                           G_CONNECT_SWAPPED);

  if (slipway_node_get_ssh_ready (item))
    {
      self->was_ready = TRUE;
      start_session (self);
    }
  else
    {
      show_waiting (self);
    }

  return GTK_WIDGET (self);
}

/**
 * slipway_ssh_tab_get_running:
 *
 * Returns: %TRUE while an ssh process runs in the tab
 */
gboolean
slipway_ssh_tab_get_running (SlipwaySshTab *self)
{
  g_return_val_if_fail (SLIPWAY_IS_SSH_TAB (self), FALSE);

  return self->running;
}

/**
 * slipway_ssh_tab_get_n_sessions:
 *
 * Returns: how many ssh processes the tab started
 */
guint
slipway_ssh_tab_get_n_sessions (SlipwaySshTab *self)
{
  g_return_val_if_fail (SLIPWAY_IS_SSH_TAB (self), 0);

  return self->n_sessions;
}

static void
slipway_ssh_tab_dispose (GObject *object)
{
  SlipwaySshTab *self = (SlipwaySshTab *)object;
  SlipwayNode     *item = slipway_console_tab_get_node (SLIPWAY_CONSOLE_TAB (self));
  VteTerminal *terminal;

  /* The terminal kills ssh as it goes: that end is not the session's. And
   * the item outlives the tab (the window's other group has a pane for the
   * same node): its changes must not reach a tab whose widgets are gone. */
  self->running = FALSE;
  if (item != NULL)
    g_signal_handlers_disconnect_by_data (item, self);
  terminal = slipway_console_tab_get_terminal (SLIPWAY_CONSOLE_TAB (self));
  if (terminal != NULL)
    g_signal_handlers_disconnect_by_data (terminal, self);
  g_clear_handle_id (&self->retry_source, g_source_remove);

  G_OBJECT_CLASS (slipway_ssh_tab_parent_class)->dispose (object);
}

static void
slipway_ssh_tab_finalize (GObject *object)
{
  SlipwaySshTab *self = (SlipwaySshTab *)object;

  g_clear_pointer (&self->ssh_config, g_free);

  G_OBJECT_CLASS (slipway_ssh_tab_parent_class)->finalize (object);
}

static void
slipway_ssh_tab_class_init (SlipwaySshTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SlipwayConsoleTabClass *tab_class = SLIPWAY_CONSOLE_TAB_CLASS (klass);

  object_class->dispose = slipway_ssh_tab_dispose;
  object_class->finalize = slipway_ssh_tab_finalize;

  /* Translators: what a terminal shows, after a node name: "worker0 SSH session" */
  tab_class->kind_title = _("SSH session");
  tab_class->reconnect = slipway_ssh_tab_reconnect;
  tab_class->spawn_failed = slipway_ssh_tab_spawn_failed;
}

static void
slipway_ssh_tab_init (SlipwaySshTab *self)
{
  self->retry_s = RETRY_FIRST_S;
}
