import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

const sharedSrc = path.resolve(__dirname, '../../shared/src');

/**
 * 服务端地址来自构建环境变量 TARO_APP_API_BASE：
 * - H5 默认 ''：与服务端同源，请求 /api/v1/...（服务端在 /h5/ 提供本构建）；
 * - 小程序默认占位域名，上线前换成已在微信后台配置的 HTTPS 合法域名。
 */
function apiBase(): string {
  const fromEnv = process.env.TARO_APP_API_BASE;
  if (fromEnv !== undefined) return fromEnv.replace(/\/+$/, '');
  return process.env.TARO_ENV === 'h5' ? '' : 'https://sansui.example.com';
}

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'sansui-miniapp',
    date: '2026-11-23',
    designWidth: 375,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: process.env.TARO_ENV === 'h5' ? 'dist-h5' : 'dist',
    plugins: [],
    defineConstants: {
      'process.env.TARO_APP_API_BASE': JSON.stringify(apiBase()),
    },
    alias: {
      // 直接编译 shared 的 TypeScript 源码：不依赖 shared 先构建出 dist
      '@sansui/shared': sharedSrc,
      '@': path.resolve(__dirname, '../src'),
    },
    copy: {
      // 地图标记图标：小程序 <Map> 的 iconPath 要用包内文件路径，不能用内联 base64
      patterns: process.env.TARO_ENV === 'weapp' ? [{ from: 'src/assets/markers/', to: 'dist/assets/markers/' }] : [],
      options: {},
    },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: [sharedSrc] },
      optimizeMainPackage: { enable: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      publicPath: '/h5/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [sharedSrc] },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        // Leaflet's own CSS (街道底图) is in screen pixels like the tiles it positions: leave it unconverted.
        pxtransform: { enable: true, config: { selectorBlackList: [/^\.leaflet-/] } },
        cssModules: { enable: false },
      },
    },
  };

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});
