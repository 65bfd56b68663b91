/*
 * png-stats: what the end-to-end tests need to know of a screenshot,
 * read with libpng so that no test depends on an image tool.
 *
 *	png-stats FILE [RRGGBB...]
 *
 * prints, one "name value" pair a line:
 *
 *	width W         the image's width in pixels
 *	height H        its height
 *	nonwhite N      pixels that are not pure white (#ffffff)
 *	rows N          rows with at least one such pixel
 *	RRGGBB N        for each colour asked, the pixels of exactly it
 *
 * Colours are compared after compositing onto white, so a transparent
 * pixel counts as white. Exit 0 on success, 2 if the file cannot be read
 * as a PNG or an argument is not a colour (the reason on stderr).
 */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLOURS 16

struct colour {
	const char *name;
	unsigned char rgb[3];
	unsigned long count;
};

/* RRGGBB, with or without a leading '#': 0, or -1 if it is not one. */
static int parse_colour(struct colour *c, const char *s)
{
	unsigned long rgb;

	c->name = s;
	c->count = 0;
	if (*s == '#')
		s++;
	if (strlen(s) != 6 || strspn(s, "0123456789abcdefABCDEF") != 6)
		return -1;
	rgb = strtoul(s, NULL, 16);
	c->rgb[0] = (unsigned char)(rgb >> 16);
	c->rgb[1] = (unsigned char)(rgb >> 8);
	c->rgb[2] = (unsigned char)rgb;
	return 0;
}

int main(int argc, char **argv)
{
	struct colour colours[MAX_COLOURS];
	png_image image;
	png_bytep pixels = NULL;
	png_color white = { 255, 255, 255 };
	unsigned long nonwhite = 0, rows = 0;
	size_t ncolours = 0, x, y, i;
	int rc = 2;

	if (argc < 2 || argc - 2 > MAX_COLOURS) {
		fprintf(stderr, "usage: png-stats FILE [RRGGBB...] (at most %d colours)\n",
			MAX_COLOURS);
		return 2;
	}
	for (i = 2; i < (size_t)argc; i++) {
		if (parse_colour(&colours[ncolours++], argv[i]) < 0) {
			fprintf(stderr, "png-stats: '%s' is not a colour (RRGGBB)\n", argv[i]);
			return 2;
		}
	}

	memset(&image, 0, sizeof(image));
	image.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&image, argv[1]))
		goto done;
	image.format = PNG_FORMAT_RGB;
	pixels = malloc(PNG_IMAGE_SIZE(image));
	if (!pixels) {
		fprintf(stderr, "png-stats: out of memory reading '%s'\n", argv[1]);
		goto done;
	}
	if (!png_image_finish_read(&image, &white, pixels, 0, NULL))
		goto done;

	for (y = 0; y < image.height; y++) {
		const png_byte *row = pixels + y * PNG_IMAGE_ROW_STRIDE(image);
		int inked = 0;

		for (x = 0; x < image.width; x++) {
			const png_byte *p = row + 3 * x;

			if (p[0] != 255 || p[1] != 255 || p[2] != 255) {
				nonwhite++;
				inked = 1;
			}
			for (i = 0; i < ncolours; i++)
				if (!memcmp(p, colours[i].rgb, 3))
					colours[i].count++;
		}
		rows += inked;
	}
	printf("width %lu\nheight %lu\nnonwhite %lu\nrows %lu\n",
	       (unsigned long)image.width, (unsigned long)image.height, nonwhite, rows);
	for (i = 0; i < ncolours; i++)
		printf("%s %lu\n", colours[i].name, colours[i].count);
	rc = fflush(stdout) == 0 && !ferror(stdout) ? 0 : 2;
	if (rc)
		fprintf(stderr, "png-stats: cannot write the figures\n");

done:
	/* libpng's simplified API keeps its reason in the image. */
	if (image.warning_or_error & PNG_IMAGE_ERROR)
		fprintf(stderr, "png-stats: cannot read '%s': %s\n", argv[1], image.message);
	png_image_free(&image);
	free(pixels);
	return rc;
}
