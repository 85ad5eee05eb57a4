/* slipway-cloud-init.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <yaml.h>

#include "slipway-cloud-init.h"
#include "slipway-error.h"
#include "slipway-grow-root-private.h"

/*
 * Both files are written through libyaml's emitter, one event at a time, so
 * every value is quoted and escaped by the same code that YAML parsers are
 * tested against. Nothing here pastes user strings into YAML text.
 *
 * YamlWriter keeps the first error and turns later calls into no-ops, so the
 * document below reads like the YAML it produces, and adding a key is one line.
 */

typedef struct
{
  yaml_emitter_t  emitter;
  GString        *out;
  GError         *error;
} YamlWriter;

static int
yaml_writer_output_cb (void          *data,
                       unsigned char *buffer,
                       size_t         size)
{
  GString *out = data;

  g_string_append_len (out, (const char *)buffer, size);
  return 1;
}

static void
yaml_writer_fail (YamlWriter *self,
                  const char *problem)
{
  if (self->error != NULL)
    return;

  g_set_error (&self->error, SLIPWAY_ERROR, SLIPWAY_ERROR_SEED,
               /* Translators: %s is an error message from the YAML library */
               _("Could not write the cloud-init configuration: %s"),
               problem);
}

/* Hands an initialised event to the emitter, which frees it in every case. */
static void
yaml_writer_emit (YamlWriter   *self,
                  yaml_event_t *event,
                  int           initialized)
{
  if (!initialized)
    {
      /* Only a value that is not UTF-8 (or no memory) gets here. */
      yaml_writer_fail (self, _("a value is not valid UTF-8 text"));
      return;
    }

  if (self->error != NULL)
    {
      yaml_event_delete (event);
      return;
    }

  if (!yaml_emitter_emit (&self->emitter, event))
    yaml_writer_fail (self, self->emitter.problem != NULL ? self->emitter.problem : "libyaml");
}

static void
yaml_writer_init (YamlWriter *self,
                  const char *header)
{
  yaml_event_t event;

  memset (self, 0, sizeof *self);
  self->out = g_string_new (header);

  if (!yaml_emitter_initialize (&self->emitter))
    {
      /* Out of memory; the emitter is left empty and safe to delete. */
      yaml_writer_fail (self, "libyaml: out of memory");
      return;
    }

  yaml_emitter_set_output (&self->emitter, yaml_writer_output_cb, self->out);
  yaml_emitter_set_encoding (&self->emitter, YAML_UTF8_ENCODING);
  yaml_emitter_set_unicode (&self->emitter, 1);   /* "é", not "\xE9" */
  yaml_emitter_set_indent (&self->emitter, 2);
  yaml_emitter_set_width (&self->emitter, -1);    /* never fold a key onto two lines */

  yaml_writer_emit (self, &event,
                    yaml_stream_start_event_initialize (&event, YAML_UTF8_ENCODING));
  yaml_writer_emit (self, &event,
                    yaml_document_start_event_initialize (&event, NULL, NULL, NULL, 1));
}

/* Returns the text, or NULL with @error set. Frees the writer either way. */
static char *
yaml_writer_finish (YamlWriter  *self,
                    GError     **error)
{
  yaml_event_t event;

  yaml_writer_emit (self, &event, yaml_document_end_event_initialize (&event, 1));
  yaml_writer_emit (self, &event, yaml_stream_end_event_initialize (&event));
  if (self->error == NULL && !yaml_emitter_flush (&self->emitter))
    yaml_writer_fail (self, self->emitter.problem != NULL ? self->emitter.problem : "libyaml");

  yaml_emitter_delete (&self->emitter);

  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      g_string_free (self->out, TRUE);
      return NULL;
    }

  return g_string_free (self->out, FALSE);
}

/* TRUE if @value reads back as the same string when written as a plain
 * (unquoted) YAML 1.1 scalar. Deliberately narrow: a letter, "_" or "/"
 * first, then letters, digits, "_.-/+=@" and single inner spaces, and no word
 * a YAML 1.1 parser (cloud-init uses PyYAML) would turn into a boolean or
 * null. Host names, paths and ordinary SSH keys stay unquoted and readable;
 * anything else is quoted. */
static gboolean
is_plain_safe (const char *value)
{
  static const char * const keywords[] = {
    "y", "yes", "n", "no", "true", "false", "on", "off", "null",
  };

  if (!g_ascii_isalpha (value[0]) && value[0] != '_' && value[0] != '/')
    return FALSE;

  for (const char *p = value; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || strchr ("_.-/+=@", *p) != NULL)
        continue;
      if (*p == ' ' && p[1] != '\0' && p[1] != ' ')
        continue;
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (keywords); i++)
    {
      if (g_ascii_strcasecmp (value, keywords[i]) == 0)
        return FALSE;
    }

  return TRUE;
}

static void
yaml_writer_scalar (YamlWriter *self,
                    const char *value,
                    gboolean    is_string)
{
  yaml_scalar_style_t style;
  yaml_event_t event;
  size_t length = strlen (value);

  if (length > G_MAXINT)
    {
      yaml_writer_fail (self, _("a value is too long"));
      return;
    }

  /* libyaml only checks syntax, not how a parser will type a plain scalar,
   * so strings are plain only when is_plain_safe() says so. Where a requested
   * style cannot hold the text, libyaml falls back to double quotes. */
  if (!is_string)
    style = YAML_PLAIN_SCALAR_STYLE;
  else if (strchr (value, '\n') != NULL)
    style = YAML_LITERAL_SCALAR_STYLE;
  else if (is_plain_safe (value))
    style = YAML_PLAIN_SCALAR_STYLE;
  else
    style = YAML_SINGLE_QUOTED_SCALAR_STYLE;

  yaml_writer_emit (self, &event,
                    yaml_scalar_event_initialize (&event, NULL, NULL,
                                                  (const yaml_char_t *)value, (int)length,
                                                  1, is_string, style));
}

static void
yaml_writer_string (YamlWriter *self,
                    const char *value)
{
  yaml_writer_scalar (self, value, TRUE);
}

static void
yaml_writer_mapping_start (YamlWriter *self)
{
  yaml_event_t event;

  yaml_writer_emit (self, &event,
                    yaml_mapping_start_event_initialize (&event, NULL, NULL, 1,
                                                         YAML_BLOCK_MAPPING_STYLE));
}

static void
yaml_writer_mapping_end (YamlWriter *self)
{
  yaml_event_t event;

  yaml_writer_emit (self, &event, yaml_mapping_end_event_initialize (&event));
}

static void
yaml_writer_sequence_start (YamlWriter *self)
{
  yaml_event_t event;

  yaml_writer_emit (self, &event,
                    yaml_sequence_start_event_initialize (&event, NULL, NULL, 1,
                                                          YAML_BLOCK_SEQUENCE_STYLE));
}

static void
yaml_writer_sequence_end (YamlWriter *self)
{
  yaml_event_t event;

  yaml_writer_emit (self, &event, yaml_sequence_end_event_initialize (&event));
}

/* Starts "key:"; the next value (scalar, mapping or sequence) is its value. */
static void
yaml_writer_key (YamlWriter *self,
                 const char *key)
{
  yaml_writer_string (self, key);
}

static void
yaml_writer_key_string (YamlWriter *self,
                        const char *key,
                        const char *value)
{
  yaml_writer_key (self, key);
  yaml_writer_string (self, value);
}

static void
yaml_writer_key_bool (YamlWriter *self,
                      const char *key,
                      gboolean    value)
{
  yaml_writer_key (self, key);
  yaml_writer_scalar (self, value ? "true" : "false", FALSE);
}

static void
yaml_writer_strv (YamlWriter         *self,
                  const char * const *values)
{
  yaml_event_t event;

  /* An empty list reads better, and is shorter, as "[]". */
  yaml_writer_emit (self, &event,
                    yaml_sequence_start_event_initialize (&event, NULL, NULL, 1,
                                                          values == NULL || values[0] == NULL
                                                          ? YAML_FLOW_SEQUENCE_STYLE
                                                          : YAML_BLOCK_SEQUENCE_STYLE));
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    yaml_writer_string (self, values[i]);
  yaml_writer_sequence_end (self);
}

static void
yaml_writer_key_strv (YamlWriter         *self,
                      const char         *key,
                      const char * const *values)
{
  yaml_writer_key (self, key);
  yaml_writer_strv (self, values);
}

/**
 * slipway_cloud_init_meta_data:
 * @config: the node's seed configuration; @instance_id and @hostname are used
 *
 * Writes the NoCloud `meta-data` file: `instance-id` and `local-hostname`.
 * cloud-init runs its once-per-instance modules again whenever the
 * instance id changes.
 *
 * Returns: (transfer full): the YAML text, or %NULL only if a string is not
 *   valid UTF-8, which is a programming error
 */
char *
slipway_cloud_init_meta_data (const SlipwayCloudConfig *config)
{
  g_autoptr(GError) error = NULL;
  YamlWriter writer;
  char *text;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (config->instance_id != NULL, NULL);
  g_return_val_if_fail (config->hostname != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (config->instance_id, -1, NULL), NULL);
  g_return_val_if_fail (g_utf8_validate (config->hostname, -1, NULL), NULL);

  yaml_writer_init (&writer, NULL);
  yaml_writer_mapping_start (&writer);
  yaml_writer_key_string (&writer, "instance-id", config->instance_id);
  yaml_writer_key_string (&writer, "local-hostname", config->hostname);
  yaml_writer_mapping_end (&writer);

  text = yaml_writer_finish (&writer, &error);
  if (text == NULL)
    g_warning ("%s", error->message);   /* UTF-8 was checked: cannot happen */

  return text;
}

/* One entry of "users:", the login the cluster's SSH key opens. */
static void
write_login_user (YamlWriter               *writer,
                  const SlipwayCloudConfig *config)
{
  yaml_writer_mapping_start (writer);
  yaml_writer_key_string (writer, "name", config->user);
  yaml_writer_key_string (writer, "sudo", "ALL=(ALL) NOPASSWD:ALL");
  yaml_writer_key_string (writer, "shell", "/bin/bash");
  /* Only ever a hash: the password itself is never written anywhere. */
  if (config->password_hash != NULL)
    {
      yaml_writer_key_bool (writer, "lock_passwd", FALSE);
      yaml_writer_key_string (writer, "passwd", config->password_hash);
    }
  else
    {
      yaml_writer_key_bool (writer, "lock_passwd", TRUE);
    }
  /* cloud-init's schema refuses an empty list. */
  if (config->authorized_keys != NULL && config->authorized_keys[0] != NULL)
    yaml_writer_key_strv (writer, "ssh_authorized_keys", config->authorized_keys);
  yaml_writer_mapping_end (writer);
}

/* The node's identity, pinned in the cluster's known_hosts before it first
 * boots: the image's keys are deleted and no other type is generated, so
 * sshd offers only this one. */
static void
write_host_keys (YamlWriter               *writer,
                 const SlipwayCloudConfig *config)
{
  const char * const genkeytypes[] = { "ed25519", NULL };

  /* cloud-init's schema wants at least one type here; it generates only
   * the types that have no key yet, and ed25519 has ours. */
  yaml_writer_key_bool (writer, "ssh_deletekeys", TRUE);
  yaml_writer_key_strv (writer, "ssh_genkeytypes", genkeytypes);
  yaml_writer_key (writer, "ssh_keys");
  yaml_writer_mapping_start (writer);
  yaml_writer_key_string (writer, "ed25519_private", config->host_key_private);
  if (config->host_key_public != NULL)
    yaml_writer_key_string (writer, "ed25519_public", config->host_key_public);
  yaml_writer_mapping_end (writer);
}

static void
write_file (YamlWriter *writer,
            const char *path,
            const char *permissions,
            const char *content)
{
  yaml_writer_mapping_start (writer);
  yaml_writer_key_string (writer, "path", path);
  yaml_writer_key_string (writer, "owner", "root:root");
  yaml_writer_key_string (writer, "permissions", permissions);
  yaml_writer_key_string (writer, "content", content);
  yaml_writer_mapping_end (writer);
}

/* "write_files" and "runcmd": a systemd drop-in that makes agetty log @user
 * in on the serial console, and the files and commands of @config (the load
 * balancer's). The drop-in is on disk for every later boot; on the first one
 * the getty already runs, so runcmd restarts it once cloud-init is done.
 * Then runcmd grows the root file system (slipway-grow-root.sh), before the
 * commands of @config. (Packages, which only a load balancer on an image
 * without it asks for, are installed before runcmd, on the image's size.) */
static void
write_files_and_commands (YamlWriter               *writer,
                          const SlipwayCloudConfig *config)
{
  g_autofree char *dropin = NULL;
  const char * const grow_root[] = { "sh", "-c", slipway_grow_root_script,
                                     "slipway-grow-root", NULL };
  const char * const reload[] = { "systemctl", "daemon-reload", NULL };
  const char * const restart[] = { "systemctl", "restart", "--no-block",
                                   "serial-getty@ttyS0.service", NULL };
  gboolean has_files = config->console_autologin || config->n_files > 0;
  gboolean has_commands = config->commands != NULL && config->commands[0] != NULL;

  if (has_files)
    {
      yaml_writer_key (writer, "write_files");
      yaml_writer_sequence_start (writer);
      if (config->console_autologin)
        {
          dropin = g_strdup_printf ("[Service]\n"
                                    "ExecStart=\n"
                                    "ExecStart=-/sbin/agetty --autologin %s --keep-baud 115200,57600,38400,9600 - $TERM\n",
                                    config->user);
          write_file (writer, "/etc/systemd/system/serial-getty@ttyS0.service.d/slipway-autologin.conf",
                      "0644", dropin);
        }
      for (guint i = 0; i < config->n_files; i++)
        write_file (writer, config->files[i].path, config->files[i].permissions,
                    config->files[i].content);
      yaml_writer_sequence_end (writer);
    }

  yaml_writer_key (writer, "runcmd");
  yaml_writer_sequence_start (writer);
  if (has_files || has_commands)
    yaml_writer_strv (writer, reload);
  if (config->console_autologin)
    yaml_writer_strv (writer, restart);
  yaml_writer_strv (writer, grow_root);
  for (guint i = 0; has_commands && config->commands[i] != NULL; i++)
    yaml_writer_strv (writer, config->commands[i]);
  yaml_writer_sequence_end (writer);
}

/* cloud-init's growpart and resizefs run before sshd starts; the root file
 * system grows in runcmd instead, after it (write_files_and_commands()). */
static void
write_grow_root_later (YamlWriter *writer)
{
  yaml_writer_key (writer, "growpart");
  yaml_writer_mapping_start (writer);
  yaml_writer_key_string (writer, "mode", "off");
  yaml_writer_mapping_end (writer);
  yaml_writer_key_bool (writer, "resize_rootfs", FALSE);
}

/**
 * slipway_cloud_init_user_data:
 * @config: the node's seed configuration; @fqdn and @authorized_keys may be
 *   %NULL
 * @error: return location for a #GError
 *
 * Writes the NoCloud `user-data` file, a `#cloud-config` document: host
 * name and FQDN (`/etc/hosts` managed by cloud-init), one passwordless-sudo
 * user whose password is locked and who logs in with @authorized_keys, SSH
 * password logins and root logins off, and the root file system grown to the
 * disk's size once sshd has started rather than before.
 *
 * Returns: (transfer full): the YAML text, or %NULL with @error set
 *   (%SLIPWAY_ERROR_SEED) if libyaml refuses a value (not UTF-8)
 */
char *
slipway_cloud_init_user_data (const SlipwayCloudConfig  *config,
                              GError                   **error)
{
  YamlWriter writer;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (config->hostname != NULL, NULL);
  g_return_val_if_fail (config->user != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The header is a comment to YAML, and what tells cloud-init the format. */
  yaml_writer_init (&writer, "#cloud-config\n");
  yaml_writer_mapping_start (&writer);

  yaml_writer_key_string (&writer, "hostname", config->hostname);
  if (config->fqdn != NULL)
    yaml_writer_key_string (&writer, "fqdn", config->fqdn);
  yaml_writer_key_bool (&writer, "prefer_fqdn_over_hostname", FALSE);
  yaml_writer_key_bool (&writer, "manage_etc_hosts", TRUE);

  yaml_writer_key (&writer, "users");
  yaml_writer_sequence_start (&writer);
  write_login_user (&writer, config);
  yaml_writer_sequence_end (&writer);

  yaml_writer_key_bool (&writer, "ssh_pwauth", FALSE);
  yaml_writer_key_bool (&writer, "disable_root", TRUE);

  if (config->host_key_private != NULL)
    write_host_keys (&writer, config);

  /* Only what the image lacks; cloud-init needs the internet for it. */
  if (config->packages != NULL && config->packages[0] != NULL)
    yaml_writer_key_strv (&writer, "packages", config->packages);

  write_grow_root_later (&writer);
  write_files_and_commands (&writer, config);

  yaml_writer_mapping_end (&writer);

  return yaml_writer_finish (&writer, error);
}
