import { Upload, type UploadFile } from 'antd';

/** Photos chosen in a form, up to nine, uploaded only when the form is sent. */
export function PhotoPicker({
  files,
  onChange,
  testId,
}: {
  files: UploadFile[];
  onChange: (files: UploadFile[]) => void;
  testId?: string;
}) {
  return (
    <Upload
      listType="picture-card"
      accept="image/*"
      fileList={files}
      beforeUpload={() => false}
      onChange={({ fileList }) => onChange(fileList)}
      multiple
      data-testid={testId}
    >
      {files.length < 9 && <span>+ 上传</span>}
    </Upload>
  );
}
