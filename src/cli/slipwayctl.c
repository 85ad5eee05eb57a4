#include "config.h"

#include "slipway.h"

int
main (int   argc,
      char *argv[])
{
  return 0;
}
