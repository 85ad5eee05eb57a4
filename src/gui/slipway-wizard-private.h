/* slipway-wizard-private.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "slipway-topology-view.h"
#include "slipway-wizard.h"

G_BEGIN_DECLS

#define GIB (G_GUINT64_CONSTANT (1024) * 1024 * 1024)
#define MIB (G_GUINT64_CONSTANT (1024) * 1024)

typedef struct
{
  AdwPreferencesGroup *group;
  GtkSpinButton       *count;
  GtkSpinButton       *vcpus;
  GtkSpinButton       *memory;
  GtkSpinButton       *disk;
  AdwComboRow         *arch;           /* the role's own, for a mixed lab */
  GArray              *arch_values;    /* SlipwayArch of each item of @arch */
  AdwActionRow        *image;          /* the role's own image */
  GtkWidget           *image_clear;
  AdwActionRow        *message;
} RoleWidgets;

struct _SlipwayWizard
{
  AdwWindow             parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkButton            *cancel_button;
  GtkButton            *back_button;
  GtkButton            *next_button;
  GtkButton            *create_button;
  GtkMenuButton        *menu_button;
  GtkStack             *stack;
  AdwEntryRow          *name_row;
  AdwActionRow         *name_message;
  AdwEntryRow          *domain_row;
  AdwActionRow         *domain_message;
  AdwComboRow          *network_row;
  AdwComboRow          *lb_row;
  AdwComboRow          *arch_row;
  AdwEntryRow          *subnet_row;
  AdwActionRow         *subnet_message;
  GtkSpinner           *check_spinner;
  AdwActionRow         *image_row;
  AdwActionRow         *image_message;
  AdwActionRow         *download_row;
  GtkProgressBar       *download_bar;
  AdwPreferencesGroup  *user_group;
  AdwEntryRow          *user_row;
  AdwActionRow         *user_message;
  AdwPreferencesGroup  *catalog_group;
  AdwExpanderRow       *add_image_row;
  AdwEntryRow          *add_url_row;
  AdwEntryRow          *add_sums_row;
  AdwEntryRow          *add_user_row;
  GtkBox               *topology_box;
  SlipwayTopologyView  *topology_view;
  AdwPreferencesGroup  *totals_group;
  AdwActionRow         *totals_row;
  AdwActionRow         *totals_message;
  AdwActionRow         *cluster_key_row;
  AdwPreferencesGroup  *keys_group;
  AdwActionRow         *keys_message;
  AdwPasswordEntryRow  *password_row;
  AdwActionRow         *password_message;
  GtkSwitch            *autologin_switch;
  AdwPreferencesGroup  *problems_group;
  AdwPreferencesGroup  *summary_group;
  AdwActionRow         *review_network_row;
  AdwActionRow         *review_image_row;
  AdwActionRow         *review_login_row;
  AdwActionRow         *review_lb_row;
  AdwPreferencesGroup  *nodes_group;
  GtkTextView          *file_view;
  AdwExpanderRow       *user_data_expander;
  GtkTextView          *user_data_view;
  GtkTextView          *xml_view;
  GtkLabel             *progress_title;
  GtkLabel             *progress_step;
  GtkProgressBar       *progress_bar;
  AdwActionRow         *progress_message;
  AdwPreferencesGroup  *progress_nodes_group;

  /* Widgets made in code */
  RoleWidgets           roles[SLIPWAY_N_ROLES];
  GPtrArray            *key_rows;          /* AdwActionRow*, "key" data */
  GtkWidget            *no_keys_row;
  GtkWidget            *retry_button;      /* in totals_row, after a failed host query */
  GPtrArray            *catalog_rows;      /* rows of catalog_group */
  GPtrArray            *problem_rows;      /* rows of problems_group */
  GPtrArray            *node_rows;         /* rows of nodes_group */
  GHashTable           *progress_rows;     /* node name → AdwActionRow */
  GtkCheckButton       *catalog_radio;     /* the group leader */

  /* Owned references */
  char                 *uri;
  SlipwayConnection    *connection;        /* shared with the window, or our own */
  SlipwayPlan          *plan;              /* of checked_spec on this host */
  GSettings            *settings;
  SlipwaySpec          *base;              /* what the widgets do not hold */
  SlipwayHostInfo      *host_info;
  GArray               *arch_values;    /* SlipwayArch of each item of arch_row */
  char                 *host_error;        /* why the host query failed */
  GPtrArray            *problems;          /* SlipwayProblem*, shown now */
  SlipwaySpec          *pending_spec;      /* being checked */
  SlipwaySpec          *checked_spec;      /* last checked */
  GPtrArray            *check_problems;    /* its problems */
  char                 *check_error;
  SlipwaySpec          *reviewed_spec;     /* what the Review page shows */
  GPtrArray            *catalog;           /* SlipwayCatalogImage* */
  SlipwayDownload      *download;
  char                 *image_title;
  char                 *password_hash;
  char                 *creating_name;
  GCancellable         *cancellable;       /* host facts, list, catalog, keys */
  GCancellable         *check_cancellable;
  GCancellable         *download_cancellable;
  GCancellable         *create_cancellable;
  GtkApplication       *create_hold_app;   /* held while creating */
  guint                 create_hold_id;
  GCancellable         *hash_cancellable;
  GtkFileChooserNative *chooser;
  guint                 check_source;
  guint                 refresh_source;
  guint                 hash_source;
  guint                 updating;
  guint                 n_hashes;          /* for tests */
  guint                 n_review_renders;  /* for tests */
  gboolean              host_failed;
  gboolean              domain_edited;
  gboolean              subnet_edited;
  gboolean              user_edited;
  gboolean              password_edited;
  gboolean              hashing;
  gboolean              loading_keys;
  gboolean              loading_catalog;
  guint                 adding_images;     /* catalog writes on their way */
  gboolean              saving;
  gboolean              checking;
  gboolean              creating;
  gboolean              close_after_create;
  gboolean              name_chosen;
  SlipwayLoadBalancer   lb_choice;        /* the user's, kept while there is no gateway */
};

/* slipway-wizard.c: small helpers shared by the parts */
const char   *_slipway_wizard_entry_text           (gpointer            editable);
void          _slipway_wizard_set_entry_text       (SlipwayWizard      *self,
                                                    gpointer            editable,
                                                    const char         *text);
char         *_slipway_wizard_stripped             (const char         *text);
int           _slipway_wizard_page_index           (const char         *name);
guint         _slipway_wizard_n_pages              (void);
const char   *_slipway_wizard_page_name            (guint               index);
void          _slipway_wizard_set_up_message       (AdwActionRow       *row);
void          _slipway_wizard_show_message         (AdwActionRow       *row,
                                                    const char         *message,
                                                    gboolean            is_warning);
void          _slipway_wizard_hide_message         (AdwActionRow       *row);
SlipwayPlan  *_slipway_wizard_plan_of              (SlipwayWizard      *self,
                                                   const SlipwaySpec  *spec);
void          _slipway_wizard_toast                (SlipwayWizard      *self,
                                                    const char         *message);
void          _slipway_wizard_emit_created         (SlipwayWizard      *self,
                                                    const char         *name);
gboolean      _slipway_wizard_can_create           (SlipwayWizard      *self);

/* slipway-wizard-form.c */
void          _slipway_wizard_form_init            (SlipwayWizard      *self);
void          _slipway_wizard_form_apply_defaults  (SlipwayWizard      *self);
void          _slipway_wizard_form_set_roles       (SlipwayWizard      *self,
                                                    const SlipwaySpec  *spec);
void          _slipway_wizard_form_class_init      (GtkWidgetClass     *widget_class);
void          _slipway_wizard_form_sync_lb         (SlipwayWizard      *self);

/* slipway-wizard-check.c */
void          _slipway_wizard_changed              (SlipwayWizard      *self);
void          _slipway_wizard_flush                (SlipwayWizard      *self);
void          _slipway_wizard_refresh              (SlipwayWizard      *self);
gboolean      _slipway_wizard_page_has_errors      (SlipwayWizard      *self,
                                                    const char         *page);
AdwActionRow *_slipway_wizard_message_row_for      (SlipwayWizard      *self,
                                                    const char         *group,
                                                    const char         *key,
                                                    GtkWidget         **field,
                                                    const char        **page);
void          _slipway_wizard_query_host           (SlipwayWizard      *self);
void          _slipway_wizard_retry_host           (SlipwayWizard      *self);
void          _slipway_wizard_check_init           (SlipwayWizard      *self);

/* slipway-wizard-image.c */
void          _slipway_wizard_image_init           (SlipwayWizard      *self);
void          _slipway_wizard_load_catalog         (SlipwayWizard      *self);
void          _slipway_wizard_show_catalog         (SlipwayWizard      *self);

/* slipway-wizard-arch.c */
void          _slipway_wizard_arch_init            (SlipwayWizard      *self);
void          _slipway_wizard_arch_update          (SlipwayWizard      *self);
SlipwayArch   _slipway_wizard_effective_arch       (SlipwayWizard      *self);
gboolean      _slipway_wizard_image_fits           (SlipwayWizard             *self,
                                                    const SlipwayCatalogImage *image);
void          _slipway_wizard_fill_arch_row        (SlipwayWizard      *self,
                                                    AdwComboRow        *row,
                                                    GArray             *values,
                                                    const char         *first_title,
                                                    SlipwayArch         skip,
                                                    SlipwayArch         wanted);
void          _slipway_wizard_add_image            (SlipwayWizard      *self);
void          _slipway_wizard_choose_image_file    (SlipwayWizard      *self);
void          _slipway_wizard_open_image_chooser   (SlipwayWizard      *self,
                                                    const char         *title,
                                                    const char         *accept,
                                                    GCallback           response_cb);

/* slipway-wizard-mixed.c */
void          _slipway_wizard_mixed_init           (SlipwayWizard      *self,
                                                    SlipwayRole         role);
void          _slipway_wizard_mixed_update         (SlipwayWizard      *self);
void          _slipway_wizard_mixed_finalize       (SlipwayWizard      *self);

/* slipway-wizard-access.c */
void          _slipway_wizard_access_init          (SlipwayWizard      *self);
GtkWidget    *_slipway_wizard_add_key_row          (SlipwayWizard      *self,
                                                    const char         *key,
                                                    const char         *origin,
                                                    gboolean            active);
void          _slipway_wizard_access_set_spec      (SlipwayWizard      *self,
                                                    const SlipwaySpec  *spec);
void          _slipway_wizard_access_class_init    (GtkWidgetClass     *widget_class);

/* slipway-wizard-review.c */
void          _slipway_wizard_update_review        (SlipwayWizard      *self,
                                                    const SlipwaySpec  *spec);

/* slipway-wizard-create.c */
void          _slipway_wizard_create               (SlipwayWizard      *self);
void          _slipway_wizard_create_init          (SlipwayWizard      *self);
gboolean      _slipway_wizard_stop_create          (SlipwayWizard      *self);

/* slipway-wizard-actions.c */
void          _slipway_wizard_actions_class_init   (GtkWidgetClass     *widget_class);
void          _slipway_wizard_actions_update       (SlipwayWizard      *self);

/* For tests */
guint         _slipway_wizard_get_n_hashes         (SlipwayWizard      *self);
guint         _slipway_wizard_get_n_review_renders (SlipwayWizard      *self);

G_END_DECLS
