<?php
/*
 * Imports a WXR file into a fresh, real WordPress with WordPress's own importer (the WordPress
 * Importer plugin), then prints what WordPress holds as JSON, for the test to compare with
 * Broadsheet. Usage: php import_into_wordpress.php EXPORT.xml PLUGIN_DIR CONTENT_DIR
 * The database is named by $BROADSHEET_WP_DB (MariaDB on 127.0.0.1, user root, no password),
 * and must exist and be empty. Debian's WordPress is booted without its wp-config.php, whose
 * settings are defined here instead.
 */
[$script, $export, $plugin_dir, $content_dir] = $argv;

define('ABSPATH', '/usr/share/wordpress/');
define('DB_NAME', getenv('BROADSHEET_WP_DB'));
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', '127.0.0.1');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
define('WP_CONTENT_DIR', $content_dir);
define('WP_INSTALLING', true);
define('WP_LOAD_IMPORTERS', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);  // nothing leaves the machine
$table_prefix = 'wp_';
$_SERVER['HTTP_HOST'] = 'wordpress.test';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';

// No mail leaves a test: WordPress would tell the new administrator by mail.
function wp_mail() { return true; }

require ABSPATH . 'wp-settings.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
wp_install('Round trip', 'wpadmin', 'wpadmin@wordpress.test', false, '', 'not-used-anywhere');
wp_set_current_user(1);
// A new WordPress has a post, a page, a draft privacy page and a comment of its own.
foreach (get_posts(array('post_type' => 'any', 'post_status' => 'any', 'numberposts' => -1)) as $own) {
    wp_delete_post($own->ID, true);
}

require_once ABSPATH . 'wp-admin/includes/admin.php';
require_once ABSPATH . 'wp-admin/includes/import.php';
require_once ABSPATH . 'wp-admin/includes/class-wp-importer.php';
require_once $plugin_dir . '/wordpress-importer.php';

/* Attachments: WordPress would download each file; here a small file of the right kind stands
   in for it, stored where WordPress stores uploads, so the attachment is made as usual. */
class Offline_Import extends WP_Import {
    public function fetch_remote_file($url, $post) {
        $name = basename(parse_url($url, PHP_URL_PATH) ?: 'file.gif');
        $gif = base64_decode('R0lGODlhAQABAIAAAAAAAP///ywAAAAAAQABAAACAUwAOw==');
        $upload = wp_upload_bits($name, null, $gif, $post['upload_date']);
        if ($upload['error']) {
            return new WP_Error('import_file_error', $upload['error']);
        }
        return $upload;
    }
}

$parser = new WXR_Parser();
$parsed = $parser->parse($export);
if (is_wp_error($parsed)) {
    fwrite(STDERR, 'WordPress cannot read the export: ' . $parsed->get_error_message() . "\n");
    exit(2);
}
// As the importer's form does when every author is left to be created.
$_POST['imported_authors'] = array_keys($parsed['authors']);
$_POST['user_map'] = array();
$_POST['user_new'] = array();

$importer = new Offline_Import();
$importer->fetch_attachments = true;
ob_start();
$importer->import($export);
$log = ob_get_clean();

$users = array();
foreach (get_users() as $user) {
    if ($user->user_login !== 'wpadmin') {
        $users[] = array('login' => $user->user_login, 'email' => $user->user_email,
                         'name' => $user->display_name);
    }
}
$terms = array();
foreach (array('category', 'post_tag') as $taxonomy) {
    foreach (get_terms(array('taxonomy' => $taxonomy, 'hide_empty' => false)) as $term) {
        $parent = $term->parent ? get_term($term->parent, $taxonomy)->slug : '';
        $terms[] = array('taxonomy' => $taxonomy, 'slug' => urldecode($term->slug),
                         'name' => $term->name, 'parent' => urldecode($parent));
    }
}
$posts = array();
$query = get_posts(array('post_type' => array('post', 'page', 'attachment'), 'post_status' => 'any',
                         'numberposts' => -1, 'orderby' => 'ID', 'order' => 'ASC'));
foreach ($query as $post) {
    $parent = $post->post_parent ? get_post($post->post_parent) : null;
    $posts[] = array(
        'type' => $post->post_type,
        'title' => $post->post_title,
        'status' => $post->post_status,
        'slug' => urldecode($post->post_name),
        'date_gmt' => $post->post_date_gmt,
        'author' => get_the_author_meta('user_login', $post->post_author),
        'parent' => $parent ? $parent->post_title : '',
        'categories' => array_map('urldecode', wp_get_post_terms($post->ID, 'category', array('fields' => 'slugs'))),
        'tags' => array_map('urldecode', wp_get_post_terms($post->ID, 'post_tag', array('fields' => 'slugs'))),
        'comments' => (int) $post->comment_count,
        'thumbnail' => ($thumb = get_post_thumbnail_id($post->ID)) ? get_post($thumb)->post_title : '',
    );
}
$comments = array();
foreach (get_comments(array('status' => 'all', 'type' => 'all', 'orderby' => 'comment_ID', 'order' => 'ASC')) as $comment) {
    $parent = $comment->comment_parent ? get_comment($comment->comment_parent) : null;
    $comments[] = array(
        'post' => get_post($comment->comment_post_ID)->post_title,
        'author' => $comment->comment_author,
        'date_gmt' => $comment->comment_date_gmt,
        'type' => $comment->comment_type,
        'approved' => $comment->comment_approved,
        'parent_author' => $parent ? $parent->comment_author : '',
        'parent_date_gmt' => $parent ? $parent->comment_date_gmt : '',
    );
}
echo json_encode(array('users' => $users, 'terms' => $terms, 'posts' => $posts,
                       'comments' => $comments, 'log' => strip_tags($log)), JSON_PRETTY_PRINT);
