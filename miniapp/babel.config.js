// babel-preset-taro 选项：https://docs.taro.zone/docs/next/babel-config
// NutUI 按需引入：没有 babel-plugin-import 时组件样式不会被打包（见 /work/shared/TOOLCHAIN.md）。
const isJest = process.env.NODE_ENV === 'test' || !!process.env.JEST_WORKER_ID;

module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
  plugins: [
    [
      'import',
      {
        libraryName: '@nutui/nutui-react-taro',
        // 插件传进来的是 kebab 名（cell-group），NutUI 的目录是去掉连字符的小写名（cellgroup）
        customName: (name) => `@nutui/nutui-react-taro/dist/es/packages/${name.replace(/-/g, '').toLowerCase()}`,
        style: isJest ? false : (path) => `${path}/style/css`,
      },
      'nutui-react-taro',
    ],
  ],
};
