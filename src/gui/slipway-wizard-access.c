/* slipway-wizard-access.c: the Access page
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-wizard-private.h"

/* Who may log in: the user's own public keys (from ~/.ssh, listed by the
 * core in a thread, or from the cluster file), and a password for the
 * serial console. Only the password's hash is kept; it is made once typing
 * pauses, by the core in a thread. */

#define HASH_DELAY_MS 400

GtkWidget *
_slipway_wizard_add_key_row (SlipwayWizard *self,
                             const char    *key,
                             const char    *origin,
                             gboolean       active)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  g_auto(GStrv) fields = g_strsplit_set (key, " \t", 3);
  const char *comment = fields[0] != NULL && fields[1] != NULL && fields[2] != NULL ? fields[2] : NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: a key type ("ssh-ed25519"), then where it comes from */
  subtitle = g_strdup_printf (_("%s · %s"), fields[0] != NULL ? fields[0] : "", origin);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), comment != NULL ? comment : origin);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
  g_signal_connect_swapped (check, "toggled", G_CALLBACK (_slipway_wizard_changed), self);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_object_set_data (G_OBJECT (row), "check", check);
  g_object_set_data_full (G_OBJECT (row), "key", g_strdup (key), g_free);
  adw_preferences_group_add (self->keys_group, row);
  g_ptr_array_add (self->key_rows, row);

  if (self->no_keys_row != NULL)
    gtk_widget_set_visible (self->no_keys_row, FALSE);

  return row;
}

static void
add_no_keys_row (SlipwayWizard *self)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No public keys in ~/.ssh"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Make one with “ssh-keygen -t ed25519” to log in from your own "
                                 "terminal too."));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_preferences_group_add (self->keys_group, row);
  self->no_keys_row = row;
}

static GtkWidget *
find_key_row (SlipwayWizard *self,
              const char    *key)
{
  for (guint i = 0; i < self->key_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->key_rows, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "key"), key) == 0)
        return row;
    }

  return NULL;
}

static void
user_keys_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SlipwayWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) keys = slipway_keys_list_user_public_keys_finish (result, &error);

  if (keys == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading_keys = FALSE;
  if (keys == NULL)
    g_debug ("Could not list the keys in ~/.ssh: %s", error->message);

  for (guint i = 0; keys != NULL && i < keys->len; i++)
    {
      const SlipwayUserKey *key = g_ptr_array_index (keys, i);
      g_autofree char *display = NULL;
      GtkWidget *row;

      /* Translators: %s is a file name in ~/.ssh */
      display = g_strdup_printf (_("~/.ssh/%s"), key->file_name);

      /* A key a cluster file named already: it is this one. */
      row = find_key_row (self, key->key);
      if (row != NULL)
        {
          g_autofree char *subtitle = NULL;

          /* Translators: a key type ("ssh-ed25519"), then where it comes from */
          subtitle = g_strdup_printf (_("%s · %s"), key->type, display);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          continue;
        }

      _slipway_wizard_add_key_row (self, key->key, display, FALSE);
    }

  if (self->key_rows->len == 0)
    add_no_keys_row (self);

  _slipway_wizard_actions_update (self);
}

/* Keys from the file: ticked, and added when not among ~/.ssh's. */
void
_slipway_wizard_access_set_spec (SlipwayWizard     *self,
                                 const SlipwaySpec *spec)
{
  g_clear_handle_id (&self->hash_source, g_source_remove);
  g_cancellable_cancel (self->hash_cancellable);
  g_clear_object (&self->hash_cancellable);
  self->hashing = FALSE;
  g_free (self->password_hash);
  self->password_hash = g_strdup (spec->password_hash);
  if (spec->password_hash != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row),
                                   _("Password (kept from the file; type to change)"));

  self->updating++;
  for (guint i = 0; i < self->key_rows->len; i++)
    gtk_check_button_set_active (g_object_get_data (g_ptr_array_index (self->key_rows, i), "check"), FALSE);
  for (guint k = 0; spec->ssh_authorized_keys != NULL && spec->ssh_authorized_keys[k] != NULL; k++)
    {
      GtkWidget *row = find_key_row (self, spec->ssh_authorized_keys[k]);

      if (row != NULL)
        gtk_check_button_set_active (g_object_get_data (G_OBJECT (row), "check"), TRUE);
      else
        _slipway_wizard_add_key_row (self, spec->ssh_authorized_keys[k], _("from the cluster file"), TRUE);
    }
  self->updating--;
}

/* Password ----------------------------------------------------------------- */

static void
hash_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SlipwayWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  char *hash = slipway_hash_password_finish (result, &error);

  /* A newer password is on its way, or the window is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->hashing = FALSE;
  g_clear_object (&self->hash_cancellable);
  g_free (self->password_hash);
  self->password_hash = hash;
  if (hash == NULL)
    _slipway_wizard_toast (self, error->message);
  _slipway_wizard_changed (self);
}

static gboolean
hash_cb (gpointer data)
{
  SlipwayWizard *self = data;
  const char *password = _slipway_wizard_entry_text (self->password_row);

  self->hash_source = 0;

  if (password[0] == '\0')
    {
      self->hashing = FALSE;
      g_clear_pointer (&self->password_hash, g_free);
      _slipway_wizard_changed (self);
      return G_SOURCE_REMOVE;
    }

  /* SHA-512 crypt takes a while on purpose: in a worker thread. */
  self->n_hashes++;
  self->hash_cancellable = g_cancellable_new ();
  slipway_hash_password_async (password, self->hash_cancellable, hash_done_cb, g_object_ref (self));

  return G_SOURCE_REMOVE;
}

static void
on_password_row_changed_cb (SlipwayWizard *self)
{
  if (self->updating > 0)
    return;

  /* Only the hash is kept, never the password; and a hash costs, so it is
   * made once typing pauses. Until it is there, Create waits (busy). */
  self->password_edited = TRUE;
  self->hashing = TRUE;
  g_cancellable_cancel (self->hash_cancellable);
  g_clear_object (&self->hash_cancellable);
  g_clear_handle_id (&self->hash_source, g_source_remove);
  self->hash_source = g_timeout_add (HASH_DELAY_MS, hash_cb, self);
  _slipway_wizard_actions_update (self);
}

void
_slipway_wizard_access_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_password_row_changed_cb);
}

void
_slipway_wizard_access_init (SlipwayWizard *self)
{
  self->loading_keys = TRUE;
  slipway_keys_list_user_public_keys_async (self->cancellable, user_keys_cb, g_object_ref (self));
}
