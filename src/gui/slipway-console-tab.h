/* slipway-console-tab.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <vte/vte.h>

#include "slipway.h"

G_BEGIN_DECLS

#define SLIPWAY_TYPE_CONSOLE_TAB (slipway_console_tab_get_type ())

G_DECLARE_DERIVABLE_TYPE (SlipwayConsoleTab, slipway_console_tab, SLIPWAY, CONSOLE_TAB, AdwBin)

/* A terminal showing one node: the serial console or an SSH session. It
 * tells user input (typing, pasting, broadcast from the group) apart from
 * the terminal's own replies to queries, which only the node may see. */
struct _SlipwayConsoleTabClass
{
  AdwBinClass parent_class;

  /* "Serial", "SSH": what the tab shows, for titles and accessible names */
  const char *kind_title;

  /* The Reconnect button of the tab's banner. */
  void (*reconnect)    (SlipwayConsoleTab *self);

  /* slipway_console_tab_spawn() could not start the program. */
  void (*spawn_failed) (SlipwayConsoleTab *self);
};

SlipwayNode     *slipway_console_tab_get_node            (SlipwayConsoleTab *self);
VteTerminal     *slipway_console_tab_get_terminal        (SlipwayConsoleTab *self);
char            *slipway_console_tab_dup_title           (SlipwayConsoleTab *self);
const char      *slipway_console_tab_get_kind_title      (SlipwayConsoleTab *self);
void             slipway_console_tab_send_user_input     (SlipwayConsoleTab *self,
                                                          const char        *text,
                                                          gssize             length);
void             slipway_console_tab_mirror_input        (SlipwayConsoleTab *self,
                                                          const char        *text,
                                                          gsize              length);
gboolean         slipway_console_tab_get_broadcasting    (SlipwayConsoleTab *self);
void             slipway_console_tab_set_broadcasting    (SlipwayConsoleTab *self,
                                                          gboolean           broadcasting);
gboolean         slipway_console_tab_get_banner_visible  (SlipwayConsoleTab *self);
const char      *slipway_console_tab_get_banner_text     (SlipwayConsoleTab *self);
char            *slipway_console_tab_dup_text            (SlipwayConsoleTab *self);

/* For subclasses */
void             slipway_console_tab_show_banner         (SlipwayConsoleTab *self,
                                                          const char        *message,
                                                          const char        *button_label);
void             slipway_console_tab_hide_banner         (SlipwayConsoleTab *self);
gboolean         slipway_console_tab_is_user_input       (SlipwayConsoleTab *self);
void             slipway_console_tab_spawn               (SlipwayConsoleTab *self,
                                                          const char * const *argv);
void             slipway_console_tab_cancel_spawn        (SlipwayConsoleTab *self);
void             slipway_console_tab_hang_up             (SlipwayConsoleTab *self);
void             slipway_console_tab_set_can_reconnect   (SlipwayConsoleTab *self,
                                                          gboolean           can_reconnect);

G_END_DECLS
