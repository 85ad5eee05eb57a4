/* slipway-wizard-mixed.c: a role's own architecture and image, for a mixed lab
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each role group of the Nodes page has two more rows: the architecture of
 * the role's nodes ("Same as the Cluster", or one the host runs) and the
 * image they start from (the cluster's, or a file of their own), which are
 * the role's "arch" and "image" of the cluster file. They show only when
 * the host runs more than one architecture or the file gives the role its
 * own: a lab of one architecture never needs them.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-wizard-private.h"

#define ROLE_KEY "slipway-role"

static SlipwayRole
role_of (gpointer object)
{
  return (SlipwayRole)GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (object), ROLE_KEY));
}

static gboolean
role_has_own (SlipwayWizard *self,
              SlipwayRole    role)
{
  const SlipwayRoleSpec *rs = &self->base->roles[role];

  return rs->arch != SLIPWAY_ARCH_DEFAULT || (rs->image != NULL && rs->image[0] != '\0');
}

static void
update_image_row (SlipwayWizard *self,
                  SlipwayRole    role)
{
  RoleWidgets *w = &self->roles[role];
  const char *image = self->base->roles[role].image;
  gboolean own = image != NULL && image[0] != '\0';

  if (own)
    {
      g_autofree char *name = g_filename_display_basename (image);
      g_autofree char *path = g_filename_display_name (image);

      adw_action_row_set_subtitle (w->image, name);
      gtk_widget_set_tooltip_text (GTK_WIDGET (w->image), path);
    }
  else
    {
      adw_action_row_set_subtitle (w->image, _("The cluster’s image"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (w->image), NULL);
    }
  gtk_widget_set_visible (w->image_clear, own);
}

/* Fills each role's rows from the host's facts and the spec. */
void
_slipway_wizard_mixed_update (SlipwayWizard *self)
{
  /* The cluster's row offers a choice: so do the roles'. */
  gboolean choice = self->arch_values != NULL && self->arch_values->len > 1;

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    {
      RoleWidgets *w = &self->roles[r];
      gboolean visible = choice || role_has_own (self, (SlipwayRole)r);

      _slipway_wizard_fill_arch_row (self, w->arch, w->arch_values, _("Same as the Cluster"),
                                     SLIPWAY_ARCH_DEFAULT, self->base->roles[r].arch);
      gtk_widget_set_visible (GTK_WIDGET (w->arch), visible);
      gtk_widget_set_visible (GTK_WIDGET (w->image), visible);
      update_image_row (self, (SlipwayRole)r);
    }
}

static void
on_arch_selected_cb (AdwComboRow   *row,
                     GParamSpec    *pspec,
                     SlipwayWizard *self)
{
  SlipwayRole role = role_of (row);
  RoleWidgets *w = &self->roles[role];
  guint selected = adw_combo_row_get_selected (row);

  if (self->updating > 0 || selected >= w->arch_values->len)
    return;

  self->base->roles[role].arch = g_array_index (w->arch_values, SlipwayArch, selected);
  _slipway_wizard_changed (self);
}

static void
on_image_response_cb (GtkNativeDialog *dialog,
                      int              response,
                      SlipwayWizard   *self)
{
  SlipwayRole role = role_of (dialog);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        {
          g_free (self->base->roles[role].image);
          self->base->roles[role].image = g_steal_pointer (&path);
          update_image_row (self, role);
          _slipway_wizard_changed (self);
        }
      else if (file != NULL)
        _slipway_wizard_toast (self, _("That file is not on this computer: choose an image file "
                                       "on a local disk."));
    }

  g_clear_object (&self->chooser);
}

static void
on_choose_clicked_cb (GtkButton     *button,
                      SlipwayWizard *self)
{
  SlipwayRole role = role_of (button);
  g_autofree char *title = NULL;

  /* Translators: the title of a file chooser; %s is a role group, “Workers” */
  title = g_strdup_printf (_("Image for the %s"), adw_preferences_group_get_title (self->roles[role].group));
  _slipway_wizard_open_image_chooser (self, title, _("_Choose"), G_CALLBACK (on_image_response_cb));
  g_object_set_data (G_OBJECT (self->chooser), ROLE_KEY, GUINT_TO_POINTER (role));
}

static void
on_clear_clicked_cb (GtkButton     *button,
                     SlipwayWizard *self)
{
  SlipwayRole role = role_of (button);

  g_clear_pointer (&self->base->roles[role].image, g_free);
  update_image_row (self, role);
  _slipway_wizard_changed (self);
}

/* Adds @role's architecture and image rows to its group, hidden until
 * _slipway_wizard_mixed_update() says otherwise. */
void
_slipway_wizard_mixed_init (SlipwayWizard *self,
                            SlipwayRole    role)
{
  RoleWidgets *w = &self->roles[role];
  GtkWidget *choose;

  w->arch_values = g_array_new (FALSE, FALSE, sizeof (SlipwayArch));
  w->arch = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (w->arch), _("_Architecture"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (w->arch), TRUE);
  g_object_set_data (G_OBJECT (w->arch), ROLE_KEY, GUINT_TO_POINTER (role));
  g_signal_connect (w->arch, "notify::selected", G_CALLBACK (on_arch_selected_cb), self);
  gtk_widget_set_visible (GTK_WIDGET (w->arch), FALSE);
  adw_preferences_group_add (w->group, GTK_WIDGET (w->arch));

  w->image = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (w->image), _("_Image"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (w->image), TRUE);
  w->image_clear = gtk_button_new_from_icon_name ("edit-clear-symbolic");
  gtk_widget_set_tooltip_text (w->image_clear, _("Use the Cluster’s Image"));
  gtk_widget_set_valign (w->image_clear, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (w->image_clear, "flat");
  g_object_set_data (G_OBJECT (w->image_clear), ROLE_KEY, GUINT_TO_POINTER (role));
  g_signal_connect (w->image_clear, "clicked", G_CALLBACK (on_clear_clicked_cb), self);
  adw_action_row_add_suffix (w->image, w->image_clear);
  choose = gtk_button_new_with_mnemonic (_("_Choose…"));
  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (choose), ROLE_KEY, GUINT_TO_POINTER (role));
  g_signal_connect (choose, "clicked", G_CALLBACK (on_choose_clicked_cb), self);
  adw_action_row_add_suffix (w->image, choose);
  adw_action_row_set_activatable_widget (w->image, choose);
  gtk_widget_set_visible (GTK_WIDGET (w->image), FALSE);
  adw_preferences_group_add (w->group, GTK_WIDGET (w->image));
}

void
_slipway_wizard_mixed_finalize (SlipwayWizard *self)
{
  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    g_clear_pointer (&self->roles[r].arch_values, g_array_unref);
}
