/* libproreswriter: which file a path or descriptor is, and whether it
 * changed */
#include "config.h"

#include "prw-file-identity-private.h"

#include <proreswriter/prw-error.h>

#include <errno.h>

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

gint64
prw_stat_get_ctime_ns (const struct stat *st)
{
#if defined(HAVE_STRUCT_STAT_ST_MTIM)
  return (gint64) st->st_ctim.tv_sec * G_GINT64_CONSTANT (1000000000)
         + st->st_ctim.tv_nsec;
#elif defined(HAVE_STRUCT_STAT_ST_MTIMESPEC)
  return (gint64) st->st_ctimespec.tv_sec * G_GINT64_CONSTANT (1000000000)
         + st->st_ctimespec.tv_nsec;
#else
  return (gint64) st->st_ctime * G_GINT64_CONSTANT (1000000000);
#endif
}

void
prw_file_identity_from_stat (PrwFileIdentity *id, const struct stat *st)
{
  id->dev = (guint64) st->st_dev;
  id->ino = (guint64) st->st_ino;
  id->size = (guint64) st->st_size;
  id->mtime_ns = prw_stat_get_mtime_ns (st);
  id->ctime_ns = prw_stat_get_ctime_ns (st);
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
  if (was->ctime_ns >= 0 && now->ctime_ns >= 0
      && now->ctime_ns != was->ctime_ns)
    return "it was rewritten or its times set";
  return NULL;
}

gboolean
prw_file_identity_check (const PrwFileIdentity *was, const gchar *path,
                         GError **error)
{
  PrwFileIdentity now;
  const gchar *why;
  struct stat st;

  if (stat (path, &st) < 0) {
    int saved_errno = errno;

    g_set_error (error, PRW_ERROR, PRW_ERROR_CHANGED, "%s: %s", path,
                 saved_errno == ENOENT ? "removed since it was read"
                                       : g_strerror (saved_errno));
    return FALSE;
  }
  prw_file_identity_from_stat (&now, &st);
  if ((why = prw_file_identity_compare (was, &now))) {
    g_set_error (error, PRW_ERROR, PRW_ERROR_CHANGED,
                 "%s: changed since it was read (%s)", path, why);
    return FALSE;
  }
  return TRUE;
}
