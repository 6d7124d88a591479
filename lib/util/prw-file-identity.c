/* libproreswriter: which file a path or descriptor is, and whether it
 * changed */
#include "config.h"

#include "prw-file-identity-private.h"

gint64
prw_stat_get_mtime_ns (const struct stat *st)
{
#if defined(HAVE_STRUCT_STAT_ST_MTIM)
  return (gint64) st->st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000)
         + st->st_mtim.tv_nsec;
#elif defined(HAVE_STRUCT_STAT_ST_MTIMESPEC)
  return (gint64) st->st_mtimespec.tv_sec * G_GINT64_CONSTANT (1000000000)
         + st->st_mtimespec.tv_nsec;
#else
  return (gint64) st->st_mtime * G_GINT64_CONSTANT (1000000000);
#endif
}

void
prw_file_identity_from_stat (PrwFileIdentity *id, const struct stat *st)
{
  id->dev = (guint64) st->st_dev;
  id->ino = (guint64) st->st_ino;
  id->size = (guint64) st->st_size;
  id->mtime_ns = prw_stat_get_mtime_ns (st);
}

gboolean
prw_stat_same_file (const struct stat *a, const struct stat *b)
{
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

const gchar *
prw_file_identity_compare (const PrwFileIdentity *was,
                           const PrwFileIdentity *now)
{
  if (now->size != was->size)
    return "its size differs";
  if (now->ino != was->ino || now->dev != was->dev)
    return "it is another file now";
  if (now->mtime_ns != was->mtime_ns)
    return "it was modified";
  return NULL;
}
