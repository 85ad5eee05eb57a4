/* slipway-terminal-palette.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "slipway-terminal-palette.h"

/* GNOME Console's palette, light and dark: the colours people already
 * know from their own terminal. */
static const GdkRGBA palette_light[16] = {
  { 0.000, 0.000, 0.000, 1 }, { 0.753, 0.110, 0.157, 1 }, { 0.149, 0.635, 0.412, 1 },
  { 0.635, 0.475, 0.000, 1 }, { 0.071, 0.282, 0.639, 1 }, { 0.639, 0.278, 0.729, 1 },
  { 0.165, 0.631, 0.702, 1 }, { 0.816, 0.812, 0.800, 1 }, { 0.369, 0.361, 0.392, 1 },
  { 0.965, 0.380, 0.318, 1 }, { 0.200, 0.820, 0.478, 1 }, { 0.914, 0.678, 0.047, 1 },
  { 0.165, 0.482, 0.871, 1 }, { 0.753, 0.380, 0.796, 1 }, { 0.200, 0.780, 0.871, 1 },
  { 1.000, 1.000, 1.000, 1 },
};

static const GdkRGBA fg_light = { 0.090, 0.090, 0.090, 1 };
static const GdkRGBA bg_light = { 1.000, 1.000, 1.000, 1 };
static const GdkRGBA fg_dark = { 1.000, 1.000, 1.000, 1 };
static const GdkRGBA bg_dark = { 0.118, 0.118, 0.118, 1 };
/**
 * slipway_terminal_palette_apply:
 * @dark: whether the style is dark
 *
 * Gives @terminal GNOME Console's colours for the style.
 */
void
slipway_terminal_palette_apply (VteTerminal *terminal,
                                gboolean     dark)
{
  g_return_if_fail (VTE_IS_TERMINAL (terminal));

  vte_terminal_set_colors (terminal,
                           dark ? &fg_dark : &fg_light,
                           dark ? &bg_dark : &bg_light,
                           palette_light, G_N_ELEMENTS (palette_light));
}
