/* slipwayctl-progress.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "slipwayctl-private.h"

/* A plain line is printed when the step changes, or when the same step
 * moved on by this many percent. */
#define PLAIN_STEP_PERCENT 10

/* On a terminal: one line, redrawn in place and cleared when done.
 * Elsewhere: one plain line per step. Never both. Goes to stderr, so that
 * the standard output stays for results. */
struct _SlipwayctlProgress
{
  gboolean            quiet;
  gboolean            tty;
  gboolean            shown;          /* a bar is on the terminal now */
  char               *last_what;      /* plain mode: the last step printed */
  int                 last_percent;
  SlipwayOperation   *operation;
  GListModel         *node_model;     /* the operation's cluster's nodes */
  GPtrArray          *nodes;          /* SlipwayNode whose activity shows */
};

SlipwayctlProgress *
slipwayctl_progress_new (gboolean quiet)
{
  SlipwayctlProgress *self = g_new0 (SlipwayctlProgress, 1);

  self->quiet = quiet;
  self->tty = isatty (STDERR_FILENO) && g_strcmp0 (g_getenv ("TERM"), "dumb") != 0;
  self->last_percent = -1;

  return self;
}

void
slipwayctl_progress_free (SlipwayctlProgress *self)
{
  slipwayctl_progress_detach (self);
  g_free (self->last_what);
  g_free (self);
}

void
slipwayctl_progress_detach (SlipwayctlProgress *self)
{
  slipwayctl_progress_clear (self);

  if (self->operation != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->operation, self);
      g_clear_object (&self->operation);
    }

  if (self->node_model != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->node_model, self);
      g_clear_object (&self->node_model);
    }

  if (self->nodes != NULL)
    {
      for (guint i = 0; i < self->nodes->len; i++)
        g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->nodes, i), self);
      g_clear_pointer (&self->nodes, g_ptr_array_unref);
    }
}

void
slipwayctl_progress_clear (SlipwayctlProgress *self)
{
  if (!self->shown)
    return;

  g_printerr ("\r\033[K");
  self->shown = FALSE;
}

/* Columns the text takes on a terminal. */
guint
slipwayctl_text_width (const char *text)
{
  guint width = 0;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return text != NULL ? (guint)strlen (text) : 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }

  return width;
}

int
slipwayctl_terminal_width (int fd)
{
  struct winsize size = { 0 };
  const char *columns;

  if (ioctl (fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;

  columns = g_getenv ("COLUMNS");
  if (columns != NULL && atoi (columns) > 0)
    return atoi (columns);

  return 80;
}

/* Cuts @text to @width columns, ending it with an ellipsis when cut. */
static char *
truncate_to_width (const char *text,
                   guint       width)
{
  const char *ellipsis;
  GString *out;
  guint used = 0;
  guint ellipsis_width;

  if (slipwayctl_text_width (text) <= width)
    return g_strdup (text);

  ellipsis = g_get_charset (NULL) ? "…" : "...";
  ellipsis_width = slipwayctl_text_width (ellipsis);
  if (width <= ellipsis_width)
    return g_strdup ("");

  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint w = g_unichar_iszerowidth (c) ? 0 : (g_unichar_iswide (c) ? 2 : 1);

      if (used + w > width - ellipsis_width)
        break;
      g_string_append_unichar (out, c);
      used += w;
    }
  g_string_append (out, ellipsis);

  return g_string_free (out, FALSE);
}

/* One line of progress: @what at @fraction of the whole operation. */
static void
show (SlipwayctlProgress *self,
      double              fraction,
      const char         *what_)
{
  g_autofree char *what = g_strdup (what_ != NULL ? what_ : "");
  g_autofree char *text = NULL;
  g_autoptr(GString) line = NULL;
  int percent;
  int columns;
  int bar_width;
  int filled;

  if (self->quiet)
    return;

  percent = (int)(CLAMP (fraction, 0.0, 1.0) * 100.0);

  if (!self->tty)
    {
      if (g_strcmp0 (what, self->last_what) == 0 &&
          percent < self->last_percent + PLAIN_STEP_PERCENT)
        return;

      g_printerr ("[%3d%%] %s\n", percent, what);
      g_free (self->last_what);
      self->last_what = g_steal_pointer (&what);
      self->last_percent = percent;
      return;
    }

  /* [=========>          ]  42% worker0: Uploading the seed */
  columns = slipwayctl_terminal_width (STDERR_FILENO);
  bar_width = CLAMP (columns / 4, 10, 30);
  filled = bar_width * percent / 100;

  line = g_string_new ("[");
  for (int i = 0; i < bar_width; i++)
    {
      if (i < filled)
        g_string_append_c (line, '=');
      else if (i == filled && percent < 100)
        g_string_append_c (line, '>');
      else
        g_string_append_c (line, ' ');
    }
  g_string_append_printf (line, "] %3d%% ", percent);

  /* Stay off the last column, or the terminal wraps the line. */
  if ((int)line->len + 1 < columns)
    {
      text = truncate_to_width (what, (guint)(columns - (int)line->len - 1));
      g_string_append (line, text);
    }

  g_printerr ("\r%s\033[K", line->str);
  self->shown = TRUE;
}

/* Bound to an operation ---------------------------------------------------- */

static void
operation_step_cb (SlipwayOperation   *operation,
                   GParamSpec         *pspec,
                   SlipwayctlProgress *self)
{
  show (self, slipway_operation_get_fraction (operation), slipway_operation_get_step (operation));
}

static void
node_activity_cb (SlipwayNode        *node,
                  GParamSpec         *pspec,
                  SlipwayctlProgress *self)
{
  const char *activity = slipway_node_get_activity (node);
  g_autofree char *what = NULL;

  if (self->operation == NULL || activity == NULL || activity[0] == '\0')
    return;

  what = g_strdup_printf ("%s: %s", slipway_node_get_name (node), activity);
  show (self, slipway_operation_get_fraction (self->operation), what);
}

static void
nodes_changed_cb (GListModel         *model,
                  guint               position,
                  guint               removed,
                  guint               added,
                  SlipwayctlProgress *self)
{
  for (guint i = position; i < position + added; i++)
    {
      SlipwayNode *node = g_list_model_get_item (model, i);

      g_signal_connect (node, "notify::activity", G_CALLBACK (node_activity_cb), self);
      g_ptr_array_add (self->nodes, node);
    }
}

/* The operation succeeded: its last reports may come after its end, when
 * the operation no longer takes them, so its line ends at 100% here. */
void
slipwayctl_progress_done (SlipwayctlProgress *self)
{
  if (self->operation != NULL)
    show (self, 1.0, slipway_operation_get_step (self->operation));
}

/* Shows @operation's fraction and step, and the activity of each node of
 * its cluster, until slipwayctl_progress_detach(). */
void
slipwayctl_progress_attach (SlipwayctlProgress *self,
                            SlipwayOperation   *operation)
{
  SlipwayCluster *cluster;

  g_assert (self->operation == NULL);

  self->operation = g_object_ref (operation);
  g_signal_connect (operation, "notify::fraction", G_CALLBACK (operation_step_cb), self);
  g_signal_connect (operation, "notify::step", G_CALLBACK (operation_step_cb), self);
  g_clear_pointer (&self->last_what, g_free);
  self->last_percent = -1;

  cluster = slipway_operation_get_cluster (operation);
  self->nodes = g_ptr_array_new_with_free_func (g_object_unref);
  if (cluster != NULL)
    {
      /* A create adds its nodes as it goes. */
      self->node_model = g_object_ref (slipway_cluster_get_nodes (cluster));
      g_signal_connect (self->node_model, "items-changed", G_CALLBACK (nodes_changed_cb), self);
      nodes_changed_cb (self->node_model, 0, 0, g_list_model_get_n_items (self->node_model), self);
    }
}
