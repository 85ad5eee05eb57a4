/* slipway-spec-suggest.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "slipway-spec-private.h"

/* Words people are likely to write instead of ours: "did you mean" hints
 * that an edit distance would not find. */
static const struct {
  const char *wrong;
  const char *right;
} synonyms[] = {
  { "cpu", KEY_VCPUS },
  { "cpus", KEY_VCPUS },
  { "cores", KEY_VCPUS },
  { "ram", KEY_MEMORY },
  { "mem", KEY_MEMORY },
  { "disk-size", KEY_DISK },
  { "size", KEY_DISK },
  { "nodes", KEY_COUNT },
  { "replicas", KEY_COUNT },
  { "cidr", KEY_SUBNET },
  { "network-cidr", KEY_SUBNET },
  { "authorized-keys", KEY_SSH_KEYS },
  { "ssh-keys", KEY_SSH_KEYS },
  { "ssh-key", KEY_SSH_KEYS },
  { "username", KEY_USER },
  { "login", KEY_USER },
  { "base-image", KEY_IMAGE },
  { "accel", KEY_ACCELERATOR },
  { "password", KEY_PASSWORD_HASH },
  { "passwd", KEY_PASSWORD_HASH },
  { "hashed-password", KEY_PASSWORD_HASH },
  { "autologin", KEY_AUTOLOGIN },
  { "hypervisor", KEY_ACCELERATOR },
  { "master", "control" },
  { "masters", "control" },
  { "controller", "control" },
  { "controllers", "control" },
  { "control-plane", "control" },
  { "controlplane", "control" },
  { "lb", "gateway" },
  { "loadbalancer", "gateway" },
  { "load-balancer", "gateway" },
  { "node", "worker" },
  { "nodes", "worker" },
};


static gboolean
strv_contains (const char * const *strv,
               const char         *str)
{
  return strv != NULL && g_strv_contains (strv, str);
}

/* Optimal string alignment distance: Levenshtein plus transpositions, so
 * that "memroy" is one edit away from "memory". */
static guint
edit_distance (const char *a,
               const char *b)
{
  gsize la = strlen (a);
  gsize lb = strlen (b);
  g_autofree guint *d = g_new0 (guint, (la + 1) * (lb + 1));
  guint result;

#define D(i, j) d[(i) * (lb + 1) + (j)]
  for (gsize i = 0; i <= la; i++)
    D (i, 0) = i;
  for (gsize j = 0; j <= lb; j++)
    D (0, j) = j;

  for (gsize i = 1; i <= la; i++)
    {
      for (gsize j = 1; j <= lb; j++)
        {
          guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
          guint best = MIN (D (i - 1, j) + 1, D (i, j - 1) + 1);

          best = MIN (best, D (i - 1, j - 1) + cost);
          if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
            best = MIN (best, D (i - 2, j - 2) + 1);
          D (i, j) = best;
        }
    }

  result = D (la, lb);
#undef D

  return result;
}

/* Lower case, '_' and ' ' as '-': how we compare a word to our names. */
static char *
normalize_word (const char *word)
{
  char *norm = g_ascii_strdown (word, -1);

  g_strstrip (norm);
  for (char *p = norm; *p != '\0'; p++)
    {
      if (*p == '_' || *p == ' ')
        *p = '-';
    }

  return norm;
}

const char *
_slipway_spec_suggest_word (const char         *word,
              const char * const *candidates)
{
  g_autofree char *norm = normalize_word (word);
  const char *best = NULL;
  guint best_distance = G_MAXUINT;

  for (guint i = 0; i < G_N_ELEMENTS (synonyms); i++)
    {
      if (g_str_equal (norm, synonyms[i].wrong) &&
          strv_contains (candidates, synonyms[i].right))
        return synonyms[i].right;
    }

  for (guint i = 0; candidates[i] != NULL; i++)
    {
      guint distance = edit_distance (norm, candidates[i]);
      /* Two edits for long words, one for short ones: "cpus" is close to
       * "vcpus", but "dns" is not close to "disk". */
      guint allowed = strlen (candidates[i]) > 5 ? 2 : 1;

      if (distance <= allowed && distance < best_distance)
        {
          best = candidates[i];
          best_distance = distance;
        }
    }

  return best;
}
