/* collate.h: Vietnamese alphabetical order for names in every listing.
 *
 * The alphabet is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (f, j, w, z of
 * foreign names take their Latin places): ă, â, đ, ê, ô, ơ, ư are letters of their own, so
 * "Đông" sorts after every "D..." and before "E...", never after "Z". Comparison is in
 * three levels: the letters (case and tones ignored; spaces before numbers before letters
 * before other characters, a run of digits read as one number: "Thôn 2" < "Thôn 10");
 * then the tones, syllable by syllable, in dictionary order ngang, huyền, hỏi, ngã, sắc,
 * nặng ("Ba" < "Bà" < "Bả" < "Bã" < "Bá" < "Bạ"); then case (lower first); finally the
 * bytes, so distinct strings never compare equal. Input is UTF-8 in any normalisation
 * form. */
#ifndef NTM_COLLATE_H
#define NTM_COLLATE_H

/* <0, 0 or >0 as A sorts before, with or after B. NULL sorts first. */
int ntm_collate_vi(const char *a, const char *b);

/* For qsort over an array of const char *. */
int ntm_collate_vi_qsort(const void *a, const void *b);

#endif
