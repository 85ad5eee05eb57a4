/* xml-test-utils.c: what the tests of libvirt XML share
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "xml-test-utils.h"

/* Topologies built by hand: slipway-topology.c is somebody else's, and
 * these tests must not depend on it.
 */

static void
test_node_free (SlipwayNodeInfo *node)
{
  g_free (node->name);
  g_free (node->fqdn);
  g_free (node->domain_name);
  g_free (node->mac);
  g_free (node->ipv4);
  g_free (node);
}

SlipwayTopology *
test_topology_new (const char *cluster,
                   guint       n_gateways,
                   guint       n_control,
                   guint       n_workers)
{
  const guint counts[SLIPWAY_N_ROLES] = { n_gateways, n_control, n_workers };
  const char * const prefixes[SLIPWAY_N_ROLES] = { "gateway", "control", "worker" };
  SlipwayTopology *topology = g_new0 (SlipwayTopology, 1);
  guint id = 0;

  topology->cluster = g_strdup (cluster);
  topology->domain = g_strdup ("lab.test");
  topology->network_name = g_strdup_printf ("slipway-%s", cluster);
  topology->subnet = g_strdup ("10.77.3.0/24");
  topology->network_address = (10u << 24) | (77u << 16) | (3u << 8);
  topology->prefix = 24;
  topology->host_ipv4 = g_strdup ("10.77.3.1");
  topology->netmask = g_strdup ("255.255.255.0");
  topology->dhcp_start = g_strdup ("10.77.3.200");
  topology->dhcp_end = g_strdup ("10.77.3.250");
  topology->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify)test_node_free);

  for (guint role = 0; role < SLIPWAY_N_ROLES; role++)
    {
      for (guint i = 0; i < counts[role]; i++, id++)
        {
          SlipwayNodeInfo *node = g_new0 (SlipwayNodeInfo, 1);

          node->id = id;
          node->role = (SlipwayRole)role;
          node->role_index = i;
          node->name = g_strdup_printf ("%s%u", prefixes[role], i);
          node->fqdn = g_strdup_printf ("%s.%s", node->name, topology->domain);
          node->domain_name = g_strdup_printf ("%s-%s", cluster, node->name);
          node->mac = g_strdup_printf ("52:54:00:ab:cd:%02x", id);
          node->ipv4 = g_strdup_printf ("10.77.3.%u", SLIPWAY_FIRST_NODE_HOST + id);
          node->vcpus = role == SLIPWAY_ROLE_WORKER ? 4 : 2;
          node->memory_bytes = (guint64)(role == SLIPWAY_ROLE_WORKER ? 8 : 2) << 30;
          node->disk_bytes = (guint64)20 << 30;
          g_ptr_array_add (topology->nodes, node);
        }
    }

  /* DESIGN.md: gateway0, else control0, else none. */
  if (topology->nodes->len > 0 && n_gateways + n_control > 0)
    {
      SlipwayNodeInfo *first = g_ptr_array_index (topology->nodes, 0);

      topology->api_ipv4 = g_strdup (first->ipv4);
    }

  return topology;
}

void
test_topology_free (SlipwayTopology *topology)
{
  g_free (topology->cluster);
  g_free (topology->domain);
  g_free (topology->network_name);
  g_free (topology->subnet);
  g_free (topology->host_ipv4);
  g_free (topology->netmask);
  g_free (topology->dhcp_start);
  g_free (topology->dhcp_end);
  g_free (topology->api_ipv4);
  g_ptr_array_unref (topology->nodes);
  g_free (topology);
}


SlipwayNodeInfo *
topology_node (SlipwayTopology *topology,
               guint            id)
{
  g_assert_cmpuint (id, <, topology->nodes->len);
  return g_ptr_array_index (topology->nodes, id);
}

char *
domain_xml_for (SlipwayTopology           *topology,
                guint                      id,
                const SlipwayDomainParams *params)
{
  g_autoptr(GVirConfigDomain) domain = NULL;

  domain = slipway_xml_domain (topology, topology_node (topology, id), params);
  g_assert_nonnull (domain);

  return gvir_config_object_to_xml (GVIR_CONFIG_OBJECT (domain));
}

/* XPath over a document, with "slipway" bound to Slipway's namespace. */

xmlXPathObject *
xpath_eval (const char *xml,
            const char *expr)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(xmlXPathContext) ctx = NULL;
  xmlXPathObject *result;

  doc = xmlReadMemory (xml, strlen (xml), NULL, NULL, XML_PARSE_NONET);
  if (doc == NULL)
    g_error ("Not well-formed XML:\n%s", xml);
  ctx = xmlXPathNewContext (doc);
  g_assert_cmpint (xmlXPathRegisterNs (ctx, (const xmlChar *)"slipway",
                                       (const xmlChar *)SLIPWAY_XML_NS), ==, 0);
  result = xmlXPathEvalExpression ((const xmlChar *)expr, ctx);
  if (result == NULL)
    g_error ("Bad XPath expression %s", expr);

  /* String and number results do not point into the document. */
  g_assert_true (result->type == XPATH_STRING || result->type == XPATH_NUMBER ||
                 result->type == XPATH_BOOLEAN);

  return result;
}

/* string(@expr) */
char *
xpath_string (const char *xml,
              const char *expr)
{
  g_autofree char *wrapped = g_strdup_printf ("string(%s)", expr);
  g_autoptr(xmlXPathObject) result = xpath_eval (xml, wrapped);

  return g_strdup ((const char *)result->stringval);
}

/* count(@expr) */
int
xpath_count (const char *xml,
             const char *expr)
{
  g_autofree char *wrapped = g_strdup_printf ("count(%s)", expr);
  g_autoptr(xmlXPathObject) result = xpath_eval (xml, wrapped);

  return (int)result->floatval;
}

/* External tools: missing ones fail the test, they never skip it. */

char *
find_tool (const char *name,
           const char *package)
{
  char *path = g_find_program_in_path (name);

  if (path == NULL)
    g_test_fail_printf ("“%s” is not in PATH (%s); install package %s",
                        name, g_getenv ("PATH"), package);

  return path;
}

char *
write_temp_xml (const char *xml)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd;

  fd = g_file_open_tmp ("slipway-test-xml-XXXXXX.xml", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, xml, -1, &error);
  g_assert_no_error (error);

  return path;
}

/* Runs @argv; returns its exit status (-1 if it did not exit) and its
 * merged stdout and stderr in @output.
 */
int
run_tool (const char * const  *argv,
          char               **output)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, output, NULL, &error);
  g_assert_no_error (error);

  if (!g_subprocess_get_if_exited (proc))
    return -1;

  return g_subprocess_get_exit_status (proc);
}

void
assert_tool_succeeds (const char * const *argv,
                      const char         *xml)
{
  g_autofree char *output = NULL;
  g_autofree char *cmdline = g_strjoinv (" ", (char **)argv);
  int status;

  status = run_tool (argv, &output);
  if (status != 0)
    {
      g_test_message ("%s exited with %d:\n%s", cmdline, status, output);
      g_test_message ("The document:\n%s", xml);
    }
  else
    {
      g_test_message ("%s: %s", cmdline, g_strstrip (output));
    }
  g_assert_cmpint (status, ==, 0);
}

/* Checks @xml against libvirt's own RelaxNG schema @schema with the real
 * virt-xml-validate.
 */
void
assert_valid (const char *xml,
              const char *schema)
{
  g_autofree char *tool = find_tool ("virt-xml-validate", "libvirt-clients");
  g_autofree char *path = NULL;

  if (tool == NULL)
    return;

  path = write_temp_xml (xml);
  assert_tool_succeeds ((const char * const[]) { tool, path, schema, NULL }, xml);
  g_unlink (path);
}

virConnectPtr
open_test_driver (void)
{
  virConnectPtr conn = virConnectOpen (TEST_URI);

  if (conn == NULL)
    g_error ("Cannot open %s: %s", TEST_URI, virGetLastErrorMessage ());

  return conn;
}
