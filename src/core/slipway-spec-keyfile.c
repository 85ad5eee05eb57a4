/* slipway-spec-keyfile.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The value readers of the cluster file: the syntax scan GKeyFile does not
 * explain, escapes, lists, counts and sizes, unknown and repeated keys.
 * Which groups and keys exist is slipway-spec-reader.c's business.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "slipway-ipv4.h"
#include "slipway-problem.h"
#include "slipway-size.h"
#include "slipway-size-private.h"
#include "slipway-spec.h"
#include "slipway-spec-keyfile-private.h"
#include "slipway-spec-private.h"

/* Looks for what GKeyFile would refuse, line by line, because GKeyFile's own
 * error neither says on which line nor how to fix it. Returns FALSE when
 * the file cannot be loaded. */
gboolean
_slipway_keyfile_scan_syntax (const char *data,
             gsize       length,
             GPtrArray  *problems)
{
  const char *p = data;
  const char *end = data + length;
  gboolean in_group = FALSE;
  gboolean ok = TRUE;
  guint line_number = 0;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *line_end = eol != NULL ? eol : end;
      g_autofree char *line = NULL;
      g_autofree char *quoted = NULL;
      const char *control;
      char *stripped;

      line_number++;

      if (!g_utf8_validate (p, line_end - p, NULL))
        {
          _slipway_spec_add_problem (problems,
                       slipway_problem_new (NULL, NULL, FALSE,
                                            /* Translators: %u is a line number */
                                            _("Line %u is not valid UTF-8 text: save the file "
                                              "in the UTF-8 encoding."),
                                            line_number));
          ok = FALSE;
          p = line_end + 1;
          continue;
        }

      line = g_strndup (p, line_end - p);
      p = line_end + 1;
      stripped = g_strstrip (line);

      /* Found by fuzzing: a control character passed, and then broke the
       * network XML that carries the spec (XML cannot hold most of them). */
      control = stripped;
      while (*control != '\0' && ((guchar)*control >= 0x20 || *control == '\t') && *control != 0x7f)
        control++;
      if (*control != '\0')
        {
          _slipway_spec_add_problem (problems,
                       slipway_problem_new (NULL, NULL, FALSE,
                                            /* Translators: %u is a line number, U+%04X a character's code */
                                            _("Line %u has the control character U+%04X: remove it, "
                                              "a cluster file is plain text."),
                                            line_number, (guint)(guchar)*control));
          ok = FALSE;
          continue;
        }
      quoted = _slipway_spec_quote_value (stripped);

      if (stripped[0] == '\0' || stripped[0] == '#')
        continue;

      if (stripped[0] == '[')
        {
          gsize len = strlen (stripped);

          if (len < 3 || stripped[len - 1] != ']' ||
              strpbrk (stripped + 1, "[]") != stripped + len - 1)
            {
              _slipway_spec_add_problem (problems,
                           slipway_problem_new (NULL, NULL, FALSE,
                                                /* Translators: %u is a line number, %s the line */
                                                _("Line %u: “%s” is not a group header: write the "
                                                  "group name between brackets on a line of its "
                                                  "own, for example “[worker]”."),
                                                line_number, quoted));
              ok = FALSE;
            }
          else
            in_group = TRUE;
          continue;
        }

      if (strchr (stripped, '=') == NULL)
        {
          _slipway_spec_add_problem (problems,
                       slipway_problem_new (NULL, NULL, FALSE,
                                            /* Translators: %u is a line number, %s the line */
                                            _("Line %u: “%s” is neither a “key=value” line, a "
                                              "“[group]” header nor a comment: add the missing "
                                              "“=” and value, or put “#” in front of it to make "
                                              "it a comment."),
                                            line_number, quoted));
          ok = FALSE;
          continue;
        }

      if (stripped[0] == '=')
        {
          _slipway_spec_add_problem (problems,
                       slipway_problem_new (NULL, NULL, FALSE,
                                            /* Translators: %u is a line number, %s the line */
                                            _("Line %u: “%s” has no key before “=”: write it as "
                                              "“key=value”, for example “memory=2GiB”."),
                                            line_number, quoted));
          ok = FALSE;
          continue;
        }

      if (!in_group)
        {
          _slipway_spec_add_problem (problems,
                       slipway_problem_new (NULL, NULL, FALSE,
                                            /* Translators: %u is a line number, %s the line */
                                            _("Line %u: “%s” comes before any group: put it "
                                              "below a group header such as “[cluster]”."),
                                            line_number, quoted));
          ok = FALSE;
        }
    }

  return ok;
}

/* GKeyFile's unescaping of one value ("\\s", "\\n", "\\t", "\\r", "\\\\"),
 * done here: GLib 2.74's own sets its GError twice (a warning) for a value
 * with a bad escape and a backslash at its end (found by fuzz-spec). FALSE
 * for a bad escape, a backslash at the end, or text that is not UTF-8, as
 * g_key_file_get_string() refuses those. */
static gboolean
unescape_value (const char  *raw,
                char       **value)
{
  g_autoptr(GString) out = g_string_sized_new (strlen (raw));

  *value = NULL;
  if (!g_utf8_validate (raw, -1, NULL))
    return FALSE;

  for (const char *p = raw; *p != '\0'; p++)
    {
      if (*p != '\\')
        {
          g_string_append_c (out, *p);
          continue;
        }

      switch (*++p)
        {
        case 's': g_string_append_c (out, ' '); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case '\\': g_string_append_c (out, '\\'); break;
        default: return FALSE;   /* '\0' too: a backslash at the end */
        }
    }

  *value = g_string_free (g_steal_pointer (&out), FALSE);

  return TRUE;
}

static void
report_bad_escape (GPtrArray  *problems,
                   const char *group,
                   const char *key,
                   const char *raw)
{
  g_autofree char *quoted = _slipway_spec_quote_value (raw);

  _slipway_spec_add_problem (problems,
               slipway_problem_new (group, key, FALSE,
                                    /* Translators: %s is a value from the file; “\\\\”
                                     * shows as two backslashes, keep it */
                                    _("“%s” has a backslash that is not an escape: write "
                                      "“\\\\” for each backslash."),
                                    quoted));
}

/* The value of @key without the blanks around it, which nobody sees in a
 * file, then unescaped: "\\s" keeps a space that matters. On a bad escape,
 * a problem is added and the result is NULL, or with @keep_literal the value
 * as written, so that a required string such as the image is not also
 * reported missing. */
char *
_slipway_keyfile_get_value_full (GKeyFile   *keyfile,
                const char *group,
                const char *key,
                gboolean    keep_literal,
                GPtrArray  *problems)
{
  g_autofree char *raw = g_key_file_get_value (keyfile, group, key, NULL);
  char *value = NULL;

  if (raw == NULL)
    return NULL;

  g_strstrip (raw);
  if (unescape_value (raw, &value))
    return value;

  report_bad_escape (problems, group, key, raw);

  return keep_literal ? g_steal_pointer (&raw) : NULL;
}

/* A ";"-separated list, as GKeyFile writes it ("\\;" is a ";" inside an
 * item), with blanks around items ignored and empty items dropped. */
char **
_slipway_keyfile_get_list (GKeyFile   *keyfile,
          const char *group,
          const char *key,
          GPtrArray  *problems)
{
  g_autofree char *raw = g_key_file_get_value (keyfile, group, key, NULL);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) item = g_string_new (NULL);

  if (raw == NULL)
    return NULL;

  for (const char *p = raw; ; p++)
    {
      if (*p == '\\' && p[1] == ';')
        {
          g_string_append_c (item, ';');
          p++;
        }
      else if (*p == '\\' && p[1] != '\0')
        {
          g_string_append_c (item, p[0]);
          g_string_append_c (item, p[1]);
          p++;
        }
      else if (*p == ';' || *p == '\0')
        {
          char *value = NULL;

          g_strstrip (item->str);
          if (item->str[0] != '\0')
            {
              if (!unescape_value (item->str, &value))
                {
                  report_bad_escape (problems, group, key, g_strstrip (raw));
                  return NULL;
                }
              g_ptr_array_add (items, value);
            }
          g_string_truncate (item, 0);

          if (*p == '\0')
            break;
        }
      else
        g_string_append_c (item, *p);
    }

  g_ptr_array_add (items, NULL);

  return (char **)g_ptr_array_free (g_steal_pointer (&items), FALSE);
}

static char *
get_value (GKeyFile   *keyfile,
           const char *group,
           const char *key,
           GPtrArray  *problems)
{
  return _slipway_keyfile_get_value_full (keyfile, group, key, FALSE, problems);
}

void
_slipway_keyfile_parse_count (GKeyFile        *keyfile,
                  const char      *group,
                  const char      *key,
                  guint           *out,
                  guint            default_value,
                  GPtrArray       *problems)
{
  g_autofree char *value = get_value (keyfile, group, key, problems);
  g_autofree char *quoted = NULL;
  const char *p;
  guint64 number;

  if (value == NULL)
    return;

  quoted = _slipway_spec_quote_value (value);

  if (value[0] == '\0')
    {
      _slipway_spec_add_problem (problems,
                   slipway_problem_new (group, key, FALSE,
                                        /* Translators: %u is the default value */
                                        _("The value is empty: write a whole number such as "
                                          "“%u”, or remove the line to use the default."),
                                        default_value));
      return;
    }

  p = value[0] == '-' || value[0] == '+' ? value + 1 : value;
  if (p[0] == '\0' || strspn (p, "0123456789") != strlen (p))
    {
      _slipway_spec_add_problem (problems,
                   slipway_problem_new (group, key, FALSE,
                                        /* Translators: %s is the value from the file,
                                         * %u an example */
                                        _("“%s” is not a whole number: write digits only, for "
                                          "example “%u”."),
                                        quoted, default_value));
      return;
    }

  if (value[0] == '-')
    {
      if (g_str_equal (key, KEY_COUNT))
        _slipway_spec_add_problem (problems,
                     slipway_problem_new (group, key, FALSE,
                                          /* Translators: %s is the value from the file */
                                          _("“%s” is negative: write 0 for no such nodes, or a "
                                            "positive number."),
                                          quoted));
      else
        _slipway_spec_add_problem (problems,
                     slipway_problem_new (group, key, FALSE,
                                          /* Translators: %s is the value from the file */
                                          _("“%s” is negative: write a positive number."),
                                          quoted));
      return;
    }

  if (!_slipway_parse_unsigned (p, 10, G_MAXUINT, &number))
    {
      if (g_str_equal (key, KEY_COUNT))
        _slipway_spec_add_problem (problems,
                     slipway_problem_new (group, key, FALSE,
                                          /* Translators: %s is the value from the file, %u
                                           * the most nodes a cluster can have */
                                          _("“%s” is far too large: a cluster has at most %u "
                                            "nodes."),
                                          quoted, (guint)SLIPWAY_MAX_NODES));
      else
        _slipway_spec_add_problem (problems,
                     slipway_problem_new (group, key, FALSE,
                                          /* Translators: %s is the value from the file, %u
                                           * the most virtual CPUs of a node */
                                          _("“%s” is far too large: a node has at most %u "
                                            "virtual CPUs."),
                                          quoted, (guint)MAX_VCPUS));
      return;
    }

  *out = (guint)number;
}

/* An example of a size for messages: the number the user wrote with a unit,
 * when there is one, so that "8Q" suggests "8GiB". */
static char *
size_example (const char *value,
              guint64     default_bytes)
{
  gsize digits = strspn (value, "0123456789");

  if (digits > 0 && digits <= 4)
    {
      guint number = (guint)g_ascii_strtoull (value, NULL, 10);

      if (number > 0)
        return g_strdup_printf ("%u%s", number, number <= 64 ? "GiB" : "MiB");
    }

  return _slipway_format_size_exact (default_bytes);
}

void
_slipway_keyfile_parse_size (GKeyFile   *keyfile,
                const char *group,
                const char *key,
                guint64    *out,
                guint64     default_bytes,
                GPtrArray  *problems)
{
  g_autofree char *value = get_value (keyfile, group, key, problems);
  g_autofree char *quoted = NULL;
  g_autofree char *example = NULL;
  guint64 bytes = 0;

  if (value == NULL)
    return;

  quoted = _slipway_spec_quote_value (value);
  example = size_example (value, default_bytes);

  if (value[0] == '\0')
    {
      _slipway_spec_add_problem (problems,
                   slipway_problem_new (group, key, FALSE,
                                        /* Translators: %s is an example size, "2GiB" */
                                        _("The value is empty: write a size such as “%s”, or "
                                          "remove the line to use the default."),
                                        example));
      return;
    }

  switch (_slipway_parse_size_full (value, &bytes))
    {
    case SLIPWAY_SIZE_OK:
      *out = bytes;
      break;

    case SLIPWAY_SIZE_NO_UNIT:
      _slipway_spec_add_problem (problems,
                   slipway_problem_new (group, key, FALSE,
                                        /* Translators: the first %s is the value from the
                                         * file, the second an example size, "8GiB" */
                                        _("“%s” has no unit: write a number and a unit, for "
                                          "example “%s”."),
                                        quoted, example));
      break;

    case SLIPWAY_SIZE_AMBIGUOUS_UNIT:
      {
        g_autofree char *number = g_strndup (value, strcspn (value, "kKmMgGtT \t"));
        g_autofree char *unit = g_ascii_strup (value + strcspn (value, "kKmMgGtT"), 1);

        _slipway_spec_add_problem (problems,
                     slipway_problem_new (group, key, FALSE,
                                          /* Translators: the first %s is the value from the
                                           * file ("20GB"), then a number ("20") and a letter
                                           * ("G") to build the suggested size "20GiB" */
                                          _("“%s” is ambiguous: libvirt counts “%sB” in powers of "
                                            "1000, most people in powers of 1024. Write “%s%siB” "
                                            "for a size in powers of 1024."),
                                          quoted, unit, number, unit));
      }
      break;

    case SLIPWAY_SIZE_TOO_LARGE:
      _slipway_spec_add_problem (problems,
                   slipway_problem_new (group, key, FALSE,
                                        /* Translators: %s is the value from the file */
                                        _("“%s” is far too large."),
                                        quoted));
      break;

    case SLIPWAY_SIZE_INVALID:
    default:
      _slipway_spec_add_problem (problems,
                   slipway_problem_new (group, key, FALSE,
                                        /* Translators: the first %s is the value from the file,
                                         * the second an example size, "8GiB" */
                                        _("“%s” is not a size: write a number and a unit, for "
                                          "example “%s”."),
                                        quoted, example));
      break;
    }
}

void
_slipway_keyfile_report_unknown_key (GPtrArray          *problems,
                    const char         *group,
                    const char         *key,
                    const char * const *known)
{
  const char *suggestion = _slipway_spec_suggest_word (key, known);

  if (suggestion != NULL)
    _slipway_spec_add_problem (problems,
                 slipway_problem_new (group, key, TRUE,
                                      /* Translators: %s is a key name, such as “memory” */
                                      _("Unknown key, ignored: did you mean “%s”?"),
                                      suggestion));
  else
    {
      g_autofree char *list = g_strjoinv (", ", (char **)known);

      _slipway_spec_add_problem (problems,
                   slipway_problem_new (group, key, TRUE,
                                        /* Translators: %s is a list of key names */
                                        _("Unknown key, ignored: the keys of this group are %s."),
                                        list));
    }
}

/* GKeyFile lists a key twice when the file sets it twice, and keeps the
 * last value: say so once, and read the key once. */
gboolean
_slipway_keyfile_check_duplicate (GKeyFile   *keyfile,
                 const char *group,
                 const char *key,
                 GHashTable *seen,
                 GPtrArray  *problems)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (seen, key)) + 1;
  g_autofree char *raw = NULL;
  g_autofree char *quoted = NULL;

  g_hash_table_insert (seen, (gpointer)key, GUINT_TO_POINTER (count));
  if (count == 1)
    return TRUE;
  if (count > 2)
    return FALSE;

  raw = g_key_file_get_value (keyfile, group, key, NULL);
  quoted = _slipway_spec_quote_value (raw != NULL ? g_strstrip (raw) : NULL);
  _slipway_spec_add_problem (problems,
               slipway_problem_new (group, key, TRUE,
                                    /* Translators: %s is the value from the file */
                                    _("The key is set more than once and only the last value, "
                                      "“%s”, counts: remove the other lines."),
                                    quoted));

  return FALSE;
}
