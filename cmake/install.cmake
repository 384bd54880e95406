# `cmake --install build --prefix P`: the binary, the manual and the shell completions, where
# Debian's man, bash-completion, zsh and fish look for them. `scripts/package` turns the same
# rules into a .deb with CPack.
include(GNUInstallDirs)

install(TARGETS kurl RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${CMAKE_SOURCE_DIR}/man/kurl.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${CMAKE_SOURCE_DIR}/completions/kurl.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME kurl)
install(FILES ${CMAKE_SOURCE_DIR}/completions/_kurl
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/site-functions)
install(FILES ${CMAKE_SOURCE_DIR}/completions/kurl.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)

# The Debian package: kurl_VERSION_ARCH.deb, its dependencies found by dpkg-shlibdeps from
# the libraries the binary links (libuv1, libmbedtls14, ...).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME kurl)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "HTTP client that reuses connections across many requests")
# The extended description, one line of the control file each (CPack indents them).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "kurl is a command-line HTTP/1.1 client with curl's flags, built around a\n"
    "keep-alive connection pool: every URL and every line of a batch file is one\n"
    "request, and all requests of a run share the pool. It adds batches of any\n"
    "size, JSON Lines reports, reuse statistics and CI checks (expected status,\n"
    "headers and body, latency thresholds, JUnit reports).")
string(REPLACE ";" "" CPACK_DEBIAN_PACKAGE_DESCRIPTION "${CPACK_DEBIAN_PACKAGE_DESCRIPTION}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "kurl developers <kurl@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
include(CPack)
