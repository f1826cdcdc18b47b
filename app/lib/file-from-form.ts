/** A File from a multipart form as the domain's UploadedFile; anything else becomes an empty value the schema rejects. */
export async function fileFromForm(form: FormData, field: string) {
  const value = form.get(field);
  if (!(value instanceof File) || value.size === 0) return undefined;
  return { fileName: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
}
