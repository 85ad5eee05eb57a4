/* slipway-xml-parse.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Reading back what libvirt hands us: Slipway's metadata on networks and
 * domains, and the XPath queries the engine runs on pool, volume, network
 * and domain XML. The builders are in slipway-xml.c.
 */

#include "config.h"

#include <limits.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "slipway-ipv4.h"
#include "slipway-size-private.h"
#include "slipway-types.h"
#include "slipway-xml-private.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathContext, xmlXPathFreeContext)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathObject, xmlXPathFreeObject)

static gpointer
init_libxml (gpointer data)
{
  /* Not thread-safe in libxml2 2.9 on first use: do it once, here. */
  xmlInitParser ();
  return NULL;
}

static xmlDoc *
read_xml (const char *xml)
{
  static GOnce once = G_ONCE_INIT;
  size_t len = strlen (xml);

  g_once (&once, init_libxml, NULL);

  if (len > INT_MAX)
    return NULL;

  /* No network, no entity expansion from outside, and no messages on
   * stderr: foreign or broken XML is an answer ("not ours"), not an error.
   */
  return xmlReadMemory (xml, (int)len, NULL, NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

/* Returns the single element matching @xpath, or %NULL when there is none
 * or more than one.
 */
static xmlNode *
find_one (xmlXPathContext *ctx,
          const char      *xpath)
{
  g_autoptr(xmlXPathObject) result = NULL;
  xmlNode *node;

  result = xmlXPathEvalExpression ((const xmlChar *)xpath, ctx);
  if (result == NULL ||
      result->type != XPATH_NODESET ||
      result->nodesetval == NULL ||
      result->nodesetval->nodeNr != 1)
    return NULL;

  node = result->nodesetval->nodeTab[0];
  if (node->type != XML_ELEMENT_NODE)
    return NULL;

  return node;
}

static char *
dup_attribute (xmlNode    *node,
               const char *name)
{
  xmlChar *value = xmlGetNoNsProp (node, (const xmlChar *)name);
  char *ret;

  if (value == NULL)
    return NULL;

  ret = g_strdup ((const char *)value);
  xmlFree (value);

  return ret;
}

static char *
dup_content (xmlNode *node)
{
  xmlChar *value = xmlNodeGetContent (node);
  char *ret;

  if (value == NULL)
    return g_strdup ("");

  ret = g_strdup ((const char *)value);
  xmlFree (value);

  return ret;
}

static xmlXPathContext *
new_xpath_context (xmlDoc *doc)
{
  xmlXPathContext *ctx = xmlXPathNewContext (doc);

  if (ctx == NULL)
    return NULL;

  /* Match on the namespace URI, whatever prefix the document uses. */
  if (xmlXPathRegisterNs (ctx, (const xmlChar *)SLIPWAY_XML_NS_PREFIX, (const xmlChar *)SLIPWAY_XML_NS) != 0)
    {
      xmlXPathFreeContext (ctx);
      return NULL;
    }

  return ctx;
}

/**
 * slipway_xml_parse_network:
 * @network_xml: (nullable): a `<network>` document, as libvirt returns it;
 *   %NULL (libvirt had none: the network went away) is not Slipway's
 * @cluster: (out) (optional): the cluster name
 * @spec_data: (out) (optional): the cluster file's text
 *
 * Reads Slipway's metadata back from a network. Other metadata elements
 * (other applications' namespaces) are ignored.
 *
 * Returns: %TRUE when the network is Slipway's; %FALSE when it has no
 *   Slipway metadata, metadata of an unknown version, or broken metadata.
 *   The out arguments are set only on %TRUE.
 */
gboolean
slipway_xml_parse_network (const char  *network_xml,
                           char       **cluster,
                           char       **spec_data)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(xmlXPathContext) ctx = NULL;
  g_autofree char *name = NULL;
  g_autofree char *version = NULL;
  xmlNode *node;
  xmlNode *spec;

  if (network_xml == NULL)
    return FALSE;

  if ((doc = read_xml (network_xml)) == NULL ||
      (ctx = new_xpath_context (doc)) == NULL ||
      (node = find_one (ctx, "/network/metadata/slipway:cluster")) == NULL)
    return FALSE;

  version = dup_attribute (node, "version");
  if (g_strcmp0 (version, SLIPWAY_XML_METADATA_VERSION) != 0)
    {
      g_debug ("Network metadata of unknown version “%s”", version ? version : "");
      return FALSE;
    }

  name = dup_attribute (node, "name");
  if (name == NULL || *name == '\0')
    return FALSE;

  ctx->node = node;
  if ((spec = find_one (ctx, "slipway:spec")) == NULL)
    return FALSE;

  if (cluster != NULL)
    *cluster = g_steal_pointer (&name);
  if (spec_data != NULL)
    *spec_data = dup_content (spec);

  return TRUE;
}

/**
 * slipway_xml_parse_domain:
 * @domain_xml: (nullable): a `<domain>` document, as libvirt returns it;
 *   %NULL (libvirt had none: the domain went away) is not Slipway's
 * @cluster: (out) (optional): the cluster name
 * @role: (out) (optional): the node's role
 * @node_id: (out) (optional): the node's id
 *
 * Reads Slipway's metadata back from a domain. Other metadata elements,
 * such as libosinfo's, are ignored.
 *
 * Returns: %TRUE when the domain is Slipway's; %FALSE when it has no
 *   Slipway metadata or the metadata is broken (no cluster, unknown role,
 *   an id out of range). The out arguments are set only on %TRUE.
 */
gboolean
slipway_xml_parse_domain (const char   *domain_xml,
                          char        **cluster,
                          SlipwayRole  *role,
                          guint        *node_id)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(xmlXPathContext) ctx = NULL;
  g_autofree char *name = NULL;
  g_autofree char *role_str = NULL;
  g_autofree char *id_str = NULL;
  SlipwayRole parsed_role;
  guint64 parsed_id;
  xmlNode *node;

  if (domain_xml == NULL)
    return FALSE;

  if ((doc = read_xml (domain_xml)) == NULL ||
      (ctx = new_xpath_context (doc)) == NULL ||
      (node = find_one (ctx, "/domain/metadata/slipway:node")) == NULL)
    return FALSE;

  name = dup_attribute (node, "cluster");
  role_str = dup_attribute (node, "role");
  id_str = dup_attribute (node, "id");

  if (name == NULL || *name == '\0' ||
      role_str == NULL || !slipway_role_from_string (role_str, &parsed_role) ||
      id_str == NULL ||
      !_slipway_parse_unsigned (id_str, 10, SLIPWAY_MAX_NODES - 1, &parsed_id))
    return FALSE;

  if (cluster != NULL)
    *cluster = g_steal_pointer (&name);
  if (role != NULL)
    *role = parsed_role;
  if (node_id != NULL)
    *node_id = (guint)parsed_id;

  return TRUE;
}

/* XPath queries */

GStrv
_slipway_xpath_strings (const char *xml,
                        const char *expr)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(xmlXPathContext) ctx = NULL;
  g_autoptr(xmlXPathObject) obj = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;

  g_return_val_if_fail (expr != NULL, NULL);

  if (xml == NULL)
    return NULL;

  if ((doc = read_xml (xml)) == NULL ||
      (ctx = new_xpath_context (doc)) == NULL)
    return NULL;

  obj = xmlXPathEvalExpression ((const xmlChar *)expr, ctx);

  builder = g_strv_builder_new ();
  if (obj != NULL && obj->type == XPATH_NODESET && obj->nodesetval != NULL)
    {
      for (int i = 0; i < obj->nodesetval->nodeNr; i++)
        {
          xmlChar *content = xmlNodeGetContent (obj->nodesetval->nodeTab[i]);

          g_strv_builder_add (builder, content != NULL ? (const char *)content : "");
          xmlFree (content);
        }
    }
  else if (obj != NULL && obj->type == XPATH_STRING && obj->stringval != NULL)
    {
      g_strv_builder_add (builder, (const char *)obj->stringval);
    }

  return g_strv_builder_end (builder);
}

char *
_slipway_xpath_string (const char *xml,
                       const char *expr)
{
  g_auto(GStrv) all = _slipway_xpath_strings (xml, expr);

  if (all == NULL || all[0] == NULL)
    return NULL;

  return g_strdup (all[0]);
}
