/**
 * The opt-in mapping of the ORM's exceptions to RFC 9457 problem details for Spring MVC.
 */
@NullMarked
package dev.betterconvex.orm.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
