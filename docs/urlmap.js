// Where the online references of the namespaces libproreswriter's API
// refers to live (gi-docgen links types from those namespaces there).
baseURLs = [
    [ 'GLib', 'https://docs.gtk.org/glib/' ],
    [ 'GObject', 'https://docs.gtk.org/gobject/' ],
    [ 'Gio', 'https://docs.gtk.org/gio/' ],
    [ 'Gst', 'https://gstreamer.freedesktop.org/documentation/gstreamer/' ],
]
