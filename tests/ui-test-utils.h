/* ui-test-utils.h: helpers shared by the UI tests
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <glib/gstdio.h>

#include "test-slowdown.h"

/* Not a performance bound: only there so that a hang fails instead of blocking CI. */
#ifndef TIMEOUT_SECONDS
# define TIMEOUT_SECONDS 60
#endif

typedef gboolean (*Condition) (gpointer data);

static gboolean
wake_up_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Spins the default main context until @condition holds. */
static inline void
spin_until_for (Condition   condition,
                gpointer    data,
                const char *what,
                int         seconds)
{
  gint64 deadline;
  guint wake_up = g_timeout_add (50, wake_up_cb, NULL);

  seconds *= slipway_test_slowdown ();
  deadline = g_get_monotonic_time () + (gint64)seconds * G_USEC_PER_SEC;
  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out after %d s waiting for %s", seconds, what);
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (wake_up);
}

#define spin_until(c, d, w) spin_until_for ((c), (d), (w), TIMEOUT_SECONDS)

static gboolean
time_is_up (gpointer data)
{
  return g_get_monotonic_time () > *(gint64 *)data;
}

/* Lets the main loop run for @ms milliseconds. */
static inline void
spin_for (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64)ms * 1000;

  spin_until (time_is_up, &until, "time to pass");
}

G_GNUC_UNUSED static gboolean
pointer_is_null (gpointer data)
{
  return *(gpointer *)data == NULL;
}

static inline GtkWidget *
find_widget (GtkWidget *widget,
             gboolean (*match) (GtkWidget *, gconstpointer),
             gconstpointer data)
{
  if (match (widget, data))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The first toplevel of @type (a dialog the test made the window open),
 * or NULL. */
G_GNUC_UNUSED static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }

  return NULL;
}

/* The dialog a test expects on screen, by its heading. */
static inline AdwMessageDialog *
find_message_dialog (const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) &&
          gtk_widget_get_visible (GTK_WIDGET (window)) &&
          (heading == NULL ||
           g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), heading) == 0))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

/* Renders @widget as it is on screen into <builddir>/screenshots/NAME-light.png
 * and NAME-dark.png. */
static inline void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  static const struct { AdwColorScheme scheme; const char *suffix; } styles[] = {
    { ADW_COLOR_SCHEME_FORCE_LIGHT, "light" },
    { ADW_COLOR_SCHEME_FORCE_DARK, "dark" },
  };
  AdwStyleManager *manager = adw_style_manager_get_default ();
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                           "screenshots", NULL);

  g_mkdir_with_parents (dir, 0755);

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      g_autoptr(GdkPaintable) paintable = NULL;
      g_autoptr(GtkSnapshot) snapshot = NULL;
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      g_autofree char *file = NULL;
      g_autofree char *path = NULL;
      int width, height;
      GskRenderer *renderer;

      adw_style_manager_set_color_scheme (manager, styles[i].scheme);
      gtk_widget_queue_draw (widget);
      spin_for (600);

      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      paintable = gtk_widget_paintable_new (widget);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node == NULL)
        {
          g_test_message ("Nothing to render for %s", name);
          continue;
        }

      renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
      texture = gsk_renderer_render_texture (renderer, node,
                                             &GRAPHENE_RECT_INIT (0, 0, width, height));
      file = g_strdup_printf ("%s-%s.png", name, styles[i].suffix);
      path = g_build_filename (dir, file, NULL);
      g_assert_true (gdk_texture_save_to_png (texture, path));
      g_test_message ("Screenshot: %s", path);
    }

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

/* AdwApplication loads style.css by itself; the tests have no application. */
G_GNUC_UNUSED static void
load_app_style (void)
{
  GtkCssProvider *provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, "/io/github/slipway/Slipway/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_unref (provider);
}
