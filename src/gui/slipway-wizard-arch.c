/* slipway-wizard-arch.c: the nodes' architecture, among those the host runs
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-wizard-private.h"

/* The row lists the host's own architecture first (the cluster file's
 * empty "arch"), then every other one libvirt on the host runs guests of
 * (emulated, slow), and an architecture a cluster file asks for that the
 * host lacks, so that opening such a file changes nothing by itself: the
 * check then says what to install. */

static SlipwayArch
host_arch (SlipwayWizard *self)
{
  return self->host_info != NULL ? self->host_info->host_arch : SLIPWAY_ARCH_DEFAULT;
}

/* What the nodes will be: the chosen one, or the host's. */
SlipwayArch
_slipway_wizard_effective_arch (SlipwayWizard *self)
{
  return self->base->arch != SLIPWAY_ARCH_DEFAULT ? self->base->arch : host_arch (self);
}

static void
update_subtitle (SlipwayWizard *self)
{
  SlipwayArch arch = _slipway_wizard_effective_arch (self);

  if (host_arch (self) == SLIPWAY_ARCH_DEFAULT)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->arch_row), "");
  else if (arch == host_arch (self))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->arch_row),
                                 _("This computer’s own: the fastest"));
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->arch_row),
                                 _("Emulated by QEMU: nodes boot and run many times slower, "
                                   "minutes instead of seconds"));
}

/* Appends to @model and @values each architecture the host runs but @skip
 * (i686 only when wanted: no cloud images are made for it), and @wanted
 * even when the host cannot run it, said so. Returns the position of
 * @wanted in @values, or G_MAXUINT. */
static guint
append_arches (SlipwayWizard *self,
                               GtkStringList *model,
                               GArray        *values,
                               SlipwayArch    skip,
                               SlipwayArch    wanted)
{
  guint position = G_MAXUINT;

  for (SlipwayArch arch = SLIPWAY_ARCH_X86_64; arch < SLIPWAY_N_ARCHES; arch++)
    {
      gboolean offered = self->host_info != NULL && self->host_info->arches[arch];

      if (arch == skip)
        continue;
      if ((arch == SLIPWAY_ARCH_I686 || !offered) && arch != wanted)
        continue;

      if (offered || self->host_info == NULL)
        gtk_string_list_append (model, slipway_arch_get_title (arch));
      else
        {
          g_autofree char *title = g_strdup_printf (/* Translators: %s is an architecture,
                                                     * “ARM 64-bit (aarch64)” */
                                                    _("%s — not on this computer"),
                                                    slipway_arch_get_title (arch));

          gtk_string_list_append (model, title);
        }
      if (arch == wanted)
        position = values->len;
      g_array_append_val (values, arch);
    }

  return position;
}

/* Fills @row and @values: @first_title for %SLIPWAY_ARCH_DEFAULT, then
 * what append_arches() gives; selects @wanted, else the first. */
void
_slipway_wizard_fill_arch_row (SlipwayWizard *self,
                               AdwComboRow   *row,
                               GArray        *values,
                               const char    *first_title,
                               SlipwayArch    skip,
                               SlipwayArch    wanted)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  SlipwayArch value = SLIPWAY_ARCH_DEFAULT;
  guint selected;

  g_array_set_size (values, 0);
  gtk_string_list_append (model, first_title);
  g_array_append_val (values, value);
  selected = append_arches (self, model, values, skip, wanted);

  self->updating++;
  adw_combo_row_set_model (row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (row, selected != G_MAXUINT ? selected : 0);
  self->updating--;
}

/* Fills the row from the host's facts and the spec's architecture. */
void
_slipway_wizard_arch_update (SlipwayWizard *self)
{
  SlipwayArch host = host_arch (self);

  _slipway_wizard_fill_arch_row (self, self->arch_row, self->arch_values, slipway_arch_get_title (host),
                                 host, self->base->arch == host ? SLIPWAY_ARCH_DEFAULT : self->base->arch);
  /* One choice is no choice. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->arch_row), self->arch_values->len > 1);
  update_subtitle (self);
  _slipway_wizard_mixed_update (self);
}

static void
on_arch_selected_cb (SlipwayWizard *self)
{
  guint selected = adw_combo_row_get_selected (self->arch_row);
  SlipwayArch arch;

  if (self->updating > 0 || selected >= self->arch_values->len)
    return;

  arch = g_array_index (self->arch_values, SlipwayArch, selected);
  if (arch == self->base->arch)
    return;

  self->base->arch = arch;
  update_subtitle (self);
  /* Only the images for these nodes are offered. */
  _slipway_wizard_show_catalog (self);
  _slipway_wizard_changed (self);
}

/* Whether a catalog image may be offered for the nodes: an image whose
 * architecture is not known (the user's own, named vaguely) always is. */
gboolean
_slipway_wizard_image_fits (SlipwayWizard             *self,
                            const SlipwayCatalogImage *image)
{
  SlipwayArch nodes = _slipway_wizard_effective_arch (self);

  return image->arch == SLIPWAY_ARCH_DEFAULT || nodes == SLIPWAY_ARCH_DEFAULT || image->arch == nodes;
}

void
_slipway_wizard_arch_init (SlipwayWizard *self)
{
  self->arch_values = g_array_new (FALSE, FALSE, sizeof (SlipwayArch));
  g_signal_connect_swapped (self->arch_row, "notify::selected", G_CALLBACK (on_arch_selected_cb), self);
  _slipway_wizard_arch_update (self);
}
